package io.formsapi.search;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.formsapi.web.ApiException;

/**
 * @param maxQueryLength      longest query accepted, in characters
 * @param maxRankedCandidates a query with free words ranks at most this many of its newest matches, so that one
 *                            search never loads an unbounded number of responses into memory
 */
@ConfigurationProperties("forms.search")
public record SearchProperties(@DefaultValue("300") int maxQueryLength,
        @DefaultValue("5000") int maxRankedCandidates) {

    public SearchProperties {
        if (maxQueryLength < 1) {
            throw new IllegalArgumentException("forms.search.max-query-length must be at least 1, not "
                    + maxQueryLength);
        }
        if (maxRankedCandidates < 1) {
            throw new IllegalArgumentException("forms.search.max-ranked-candidates must be at least 1, not "
                    + maxRankedCandidates);
        }
    }

    /** Returns the query unchanged if it is acceptable. */
    public String requireQuery(String query) {
        if (query == null || query.isBlank()) {
            throw ApiException.invalid("q", "is required");
        }
        if (query.codePointCount(0, query.length()) > maxQueryLength) {
            throw ApiException.invalid("q", "must be at most " + maxQueryLength + " characters");
        }
        return query;
    }
}
