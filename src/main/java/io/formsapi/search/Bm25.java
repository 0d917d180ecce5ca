package io.formsapi.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Okapi BM25 relevance of a response to the free words of a query. A word weighs more the rarer it is among the
 * responses that could match ({@code documents}, of which {@code documentFrequencies} contain each word); its
 * repetitions count less and less; and a long text needs more repetitions than a short one for the same score.
 */
final class Bm25 {

    static final double K1 = 1.2;
    static final double B = 0.75;

    private final Map<String, Double> weights = new HashMap<>();

    Bm25(List<String> words, long documents, Map<String, Long> documentFrequencies) {
        for (String word : words) {
            weights.put(word, idf(documents, documentFrequencies.getOrDefault(word, 0L)));
        }
    }

    /** The "+1" keeps the weight positive even for a word most responses contain (Lucene's variant). */
    static double idf(long documents, long frequency) {
        return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
    }

    /** @param tokens every word of the response's texts, repetitions included */
    double score(List<String> tokens, double averageLength) {
        Map<String, Integer> frequencies = new HashMap<>();
        for (String token : tokens) {
            if (weights.containsKey(token)) {
                frequencies.merge(token, 1, Integer::sum);
            }
        }
        double lengthNorm = K1 * (1 - B + B * tokens.size() / Math.max(averageLength, 1));
        double score = 0;
        for (Map.Entry<String, Integer> frequency : frequencies.entrySet()) {
            int tf = frequency.getValue();
            score += weights.get(frequency.getKey()) * tf * (K1 + 1) / (tf + lengthNorm);
        }
        return score;
    }
}
