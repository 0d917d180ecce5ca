package io.formsapi.search;

import java.util.List;

/** Holds when at least one of its filters does: an option chosen without naming a field may be in several. */
public record AnyOfFilter(List<ChoiceFilter> filters) implements Filter {

    public AnyOfFilter {
        filters = List.copyOf(filters);
    }
}
