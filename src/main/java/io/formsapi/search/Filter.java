package io.formsapi.search;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One structured condition understood in a query. All filters of a query must hold. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = NumericFilter.class, name = "numeric"),
        @JsonSubTypes.Type(value = DateFilter.class, name = "date"),
        @JsonSubTypes.Type(value = ChoiceFilter.class, name = "choice"),
        @JsonSubTypes.Type(value = AnyOfFilter.class, name = "anyOf") })
public sealed interface Filter permits NumericFilter, DateFilter, ChoiceFilter, AnyOfFilter {
}
