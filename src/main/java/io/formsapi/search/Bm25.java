package io.formsapi.search;

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

    private final List<String> words;
    /** In the query's order, so that a score is always summed in the same order. */
    private final double[] weights;

    Bm25(List<String> words, long documents, Map<String, Long> documentFrequencies) {
        this.words = List.copyOf(words);
        this.weights = new double[words.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = idf(documents, documentFrequencies.getOrDefault(words.get(i), 0L));
        }
    }

    /** The "+1" keeps the weight positive even for a word most responses contain (Lucene's variant). */
    static double idf(long documents, long frequency) {
        return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
    }

    /**
     * All that scoring reads of a response's texts: their length in words, and how often each query word occurs
     * ({@code frequencies[i]} for the query's i-th word). It stays small however long the texts are.
     */
    record Text(int length, int[] frequencies) {

        /**
         * @param tokens every word of the response's texts, repetitions included
         * @param words  the query's free words, in its order
         */
        static Text of(List<String> tokens, List<String> words) {
            int[] frequencies = new int[words.size()];
            for (String token : tokens) {
                int word = words.indexOf(token);
                if (word >= 0) {
                    frequencies[word]++;
                }
            }
            return new Text(tokens.size(), frequencies);
        }

        /** The words of both texts, as if they were one. */
        Text plus(Text other) {
            if (other.length == 0) {
                return this;
            }
            int[] both = frequencies.clone();
            for (int i = 0; i < both.length; i++) {
                both[i] += other.frequencies[i];
            }
            return new Text(length + other.length, both);
        }
    }

    /** @param tokens every word of the response's texts, repetitions included */
    double score(List<String> tokens, double averageLength) {
        return score(Text.of(tokens, words), averageLength);
    }

    double score(Text text, double averageLength) {
        double lengthNorm = K1 * (1 - B + B * text.length() / Math.max(averageLength, 1));
        double score = 0;
        for (int i = 0; i < weights.length; i++) {
            int tf = text.frequencies()[i];
            if (tf > 0) {
                score += weights[i] * tf * (K1 + 1) / (tf + lengthNorm);
            }
        }
        return score;
    }
}
