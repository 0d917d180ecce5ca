package io.formsapi.responses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one tokenizer used both when a response is stored and when it is searched: lower case, split on anything
 * that is not a letter or digit, words longer than {@link #MAX_TERM_LENGTH} cut.
 */
public final class TextTerms {

    public static final int MAX_TERM_LENGTH = 40;

    private TextTerms() {
    }

    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        if (text == null) {
            return tokens;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(lower.substring(start, Math.min(i, start + MAX_TERM_LENGTH)));
                start = -1;
            }
        }
        return tokens;
    }

    /** How often each word occurs in {@code texts}, in the order of first occurrence. */
    public static Map<String, Integer> counts(Iterable<String> texts) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            for (String token : tokens(text)) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        return counts;
    }
}
