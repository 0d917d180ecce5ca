package io.formsapi.search;

import java.util.Set;

/**
 * Common English words that say nothing about a response. They are never searched for: nearly every text
 * contains them, so they would only make the "at least one word" pre-filter match everything. Negations
 * ("no", "not", "without") are deliberately absent: the grammar gives them a meaning.
 */
final class StopWords {

    private static final Set<String> WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "been", "but", "by",
            "did", "do", "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it",
            "its", "me", "my", "of", "on", "or", "our", "she", "so", "than", "that", "the", "their", "them", "then",
            "there", "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "which", "who",
            "will", "with", "you", "your");

    private StopWords() {
    }

    static boolean contains(String word) {
        return WORDS.contains(word);
    }
}
