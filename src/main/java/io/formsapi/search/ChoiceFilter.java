package io.formsapi.search;

import java.util.List;

/**
 * A choice answer that is one of {@code options} (for a multi-choice answer: includes one of them), or with
 * {@code negated} is none of them. The options are the form's own texts.
 */
public record ChoiceFilter(String field, String label, List<String> options, boolean negated) implements Filter {

    public ChoiceFilter {
        options = List.copyOf(options);
    }
}
