package io.formsapi.search;

import java.util.List;

import io.formsapi.web.PageRequest;

/** What the search endpoint answers: the query as given, how it was understood, and one page of results. */
record SearchResponse(String query, ParsedQuery interpretation, long total, int page, int size,
        Integer rankedWindow, boolean truncated, List<SearchHit> results) {

    static SearchResponse of(String query, ParsedQuery interpretation, SearchResult result, PageRequest page) {
        return new SearchResponse(query, interpretation, result.total(), page.page(), page.size(),
                result.rankedWindow(), result.truncated(), result.hits());
    }
}
