package io.formsapi.search;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * An unambiguous text of what a parsed query selects and ranks by, for cache keys. Every string is prefixed with
 * its length and every list with its size, so that no two different queries share a text whatever their options
 * contain: {@code ["a, b"]} and {@code ["a", "b"]} read alike in a record's {@code toString} but not here. Only
 * what {@link SearchCriteria} and the ranking read is encoded (not labels or date phrases), so differently worded
 * queries with the same meaning share a text.
 */
final class CanonicalQuery {

    private final StringBuilder text = new StringBuilder();

    private CanonicalQuery() {
    }

    static String of(ParsedQuery query) {
        CanonicalQuery canonical = new CanonicalQuery();
        canonical.list(query.filters(), CanonicalQuery::filter);
        canonical.list(query.words(), CanonicalQuery::string);
        canonical.list(query.namedOptions(), CanonicalQuery::filter);
        canonical.list(query.excludedWords(), CanonicalQuery::string);
        return canonical.text.toString();
    }

    private void filter(Filter filter) {
        if (filter instanceof NumericFilter numeric) {
            text.append('N');
            string(numeric.field());
            string(numeric.op().name());
            string(numeric.value().getClass().getSimpleName() + numeric.value());
        } else if (filter instanceof DateFilter date) {
            text.append('D');
            string(date.field());
            instant(date.from());
            instant(date.to());
        } else if (filter instanceof ChoiceFilter choice) {
            text.append(choice.negated() ? '!' : 'C');
            string(choice.field());
            list(choice.options(), CanonicalQuery::string);
        } else {
            text.append('A');
            list(((AnyOfFilter) filter).filters(), CanonicalQuery::filter);
        }
    }

    private void instant(Instant instant) {
        string(instant == null ? null : instant.toString());
    }

    /** A null string is "-", any other its length in chars, a colon, then the string itself. */
    private void string(String value) {
        if (value == null) {
            text.append('-');
        } else {
            text.append(value.length()).append(':').append(value);
        }
    }

    private <T> void list(List<? extends T> items, BiConsumer<CanonicalQuery, T> item) {
        text.append(items.size()).append('[');
        items.forEach(each -> item.accept(this, each));
        text.append(']');
    }
}
