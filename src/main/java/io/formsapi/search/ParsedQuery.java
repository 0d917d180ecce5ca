package io.formsapi.search;

import java.util.List;

/**
 * What a query was understood to mean. Dates are already resolved against the clock, so two equal values
 * always select the same responses, which makes this the normalised form of a query.
 *
 * @param filters       structured conditions, all of which must hold
 * @param words         free words: a response must contain at least one, and is ranked by them
 * @param excludedWords a response containing any of these is left out
 */
public record ParsedQuery(List<Filter> filters, List<String> words, List<String> excludedWords) {

    public ParsedQuery {
        filters = List.copyOf(filters);
        words = List.copyOf(words);
        excludedWords = List.copyOf(excludedWords);
    }

    boolean ranked() {
        return !words.isEmpty();
    }
}
