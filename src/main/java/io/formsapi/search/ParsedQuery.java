package io.formsapi.search;

import java.util.List;

import io.formsapi.responses.TextTerms;

/**
 * What a query was understood to mean. Dates are already resolved against the clock, so two equal values
 * always select the same responses, which makes this the normalised form of a query.
 *
 * @param filters       structured conditions, all of which must hold
 * @param words         free words: a response must contain at least one (or have chosen one of the named
 *                      options), and is ranked by them
 * @param namedOptions  options named on their own, whose words are among the free words: a response that chose
 *                      one matches too, and is ranked as if the option's text were part of its texts
 * @param excludedWords a response containing any of these is left out
 */
public record ParsedQuery(List<Filter> filters, List<String> words, List<ChoiceFilter> namedOptions,
        List<String> excludedWords) {

    public ParsedQuery {
        filters = List.copyOf(filters);
        words = List.copyOf(words);
        namedOptions = List.copyOf(namedOptions);
        excludedWords = List.copyOf(excludedWords);
    }

    boolean ranked() {
        return !words.isEmpty();
    }

    /** The named options that have {@code word} among their words, each with only those options. */
    List<ChoiceFilter> namedOptionsWith(String word) {
        return namedOptions.stream()
                .map(choice -> new ChoiceFilter(choice.field(), choice.label(), choice.options().stream()
                        .filter(option -> TextTerms.tokens(option).contains(word)).toList(), false))
                .filter(choice -> !choice.options().isEmpty()).toList();
    }
}
