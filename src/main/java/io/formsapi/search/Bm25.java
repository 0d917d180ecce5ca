package io.formsapi.search;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /** In the query's order, so that a score is always summed in the same order. */
    private final Map<String, Double> weights = new LinkedHashMap<>();

    Bm25(List<String> words, long documents, Map<String, Long> documentFrequencies) {
        for (String word : words) {
            weights.put(word, idf(documents, documentFrequencies.getOrDefault(word, 0L)));
        }
    }

    /** The "+1" keeps the weight positive even for a word most responses contain (Lucene's variant). */
    static double idf(long documents, long frequency) {
        return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
    }

    /**
     * All that scoring reads of a response's texts: their length in words, and how often each query word occurs.
     * It stays small however long the texts are.
     */
    record Text(int length, Map<String, Integer> frequencies) {

        Text {
            frequencies = Map.copyOf(frequencies);
        }

        /** @param tokens every word of the response's texts, repetitions included */
        static Text of(List<String> tokens, Collection<String> words) {
            Map<String, Integer> frequencies = new HashMap<>();
            for (String token : tokens) {
                if (words.contains(token)) {
                    frequencies.merge(token, 1, Integer::sum);
                }
            }
            return new Text(tokens.size(), frequencies);
        }

        /** The words of both texts, as if they were one. */
        Text plus(Text other) {
            if (other.length == 0) {
                return this;
            }
            Map<String, Integer> both = new HashMap<>(frequencies);
            other.frequencies.forEach((word, count) -> both.merge(word, count, Integer::sum));
            return new Text(length + other.length, both);
        }
    }

    /** @param tokens every word of the response's texts, repetitions included */
    double score(List<String> tokens, double averageLength) {
        return score(Text.of(tokens, weights.keySet()), averageLength);
    }

    double score(Text text, double averageLength) {
        double lengthNorm = K1 * (1 - B + B * text.length() / Math.max(averageLength, 1));
        double score = 0;
        for (Map.Entry<String, Double> weight : weights.entrySet()) {
            int tf = text.frequencies().getOrDefault(weight.getKey(), 0);
            if (tf > 0) {
                score += weight.getValue() * tf * (K1 + 1) / (tf + lengthNorm);
            }
        }
        return score;
    }
}
