package io.formsapi.search;

import java.util.List;

/**
 * One page of a search.
 *
 * @param total        every response the query matches
 * @param rankedWindow with free words, how many of the newest matches were ranked; null without free words
 * @param hits         the page, best first (newest first without free words)
 */
public record SearchResult(long total, Integer rankedWindow, List<SearchHit> hits) {

    public SearchResult {
        hits = List.copyOf(hits);
    }

    /** True when more responses matched than were ranked, so the best of the others are not in any page. */
    public boolean truncated() {
        return rankedWindow != null && total > rankedWindow;
    }
}
