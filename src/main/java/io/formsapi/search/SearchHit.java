package io.formsapi.search;

import io.formsapi.responses.ResponseView;

/** One matching response; {@code score} is its relevance to the free words, null when the query has none. */
public record SearchHit(Double score, ResponseView response) {
}
