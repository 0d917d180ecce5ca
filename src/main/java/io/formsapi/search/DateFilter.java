package io.formsapi.search;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A half-open range of UTC days [from, to); an open end is null and left out of the JSON. Without a field it
 * applies to the submission time, with one to the day a date answer names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DateFilter(String field, String label, String phrase, Instant from, Instant to) implements Filter {
}
