package io.formsapi.search;

/** What a search result is cached under: the form, the query in canonical form, and the page. */
public record SearchKey(String formId, String query, int page, int size) {
}
