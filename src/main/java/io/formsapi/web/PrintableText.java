package io.formsapi.web;

import java.util.List;
import java.util.Optional;

/**
 * What a human-entered string may contain before it is stored: no control characters (NUL, escape, DEL, the C1
 * range...), which render as nothing or as terminal commands in whatever later displays or logs the text, and no
 * unpaired surrogate, which is not a character at all and does not survive a round trip through UTF-8.
 * {@link #MULTI_LINE} text (descriptions, long answers) may also hold tabs and line breaks.
 */
public enum PrintableText {

    SINGLE_LINE("must not contain control characters"),
    MULTI_LINE("must not contain control characters other than tabs and line breaks");

    private static final String UNPAIRED_SURROGATE = "must not contain an unpaired surrogate (\\uD800 to \\uDFFF alone)";

    private final String controlMessage;

    PrintableText(String controlMessage) {
        this.controlMessage = controlMessage;
    }

    /** Why {@code text} is not printable, or empty when it is (or is null: presence is checked elsewhere). */
    public Optional<String> problem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        boolean control = text.chars().anyMatch(c -> Character.isISOControl(c)
                && !(this == MULTI_LINE && (c == '\t' || c == '\n' || c == '\r')));
        if (control) {
            return Optional.of(controlMessage);
        }
        return wellFormed(text) ? Optional.empty() : Optional.of(UNPAIRED_SURROGATE);
    }

    /** Adds a problem for {@code field} when {@code text} is not printable; true when it is. */
    public boolean check(String field, String text, List<FieldProblem> errors) {
        Optional<String> problem = problem(text);
        problem.ifPresent(message -> errors.add(new FieldProblem(field, message)));
        return problem.isEmpty();
    }

    /** True when every surrogate in {@code text} is half of a pair, so that the text can be encoded as UTF-8. */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
