package io.formsapi.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;

/**
 * The order of an index's keys: component by component, each ascending or descending as declared, values compared
 * as MongoDB sorts them (the library's {@link ValueComparator}, which its sorts use too). {@link #LOWEST} and
 * {@link #HIGHEST} bound a range whatever a component's direction.
 */
final class KeyOrder implements Comparator<Object[]> {

    static final Object LOWEST = new Object() {
        @Override
        public String toString() {
            return "LOWEST";
        }
    };
    static final Object HIGHEST = new Object() {
        @Override
        public String toString() {
            return "HIGHEST";
        }
    };

    private final ValueComparator[] components;

    KeyOrder(List<IndexKey> keys) {
        components = keys.stream().map(key -> key.isAscending() ? ValueComparator.asc() : ValueComparator.desc())
                .toArray(ValueComparator[]::new);
    }

    @Override
    public int compare(Object[] a, Object[] b) {
        for (int i = 0; i < components.length; i++) {
            int order = compare(i, a[i], b[i]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** Compares the {@code component}-th values of two keys. */
    int compare(int component, Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == LOWEST || b == HIGHEST) {
            return -1;
        }
        if (a == HIGHEST || b == LOWEST) {
            return 1;
        }
        // Strings and instants, the types of nearly every key here, compared directly: the library's comparator
        // walks the whole list of BSON types for each value and dominated the cost of keeping the indexes.
        int direction = components[component] == ValueComparator.asc() ? 1 : -1;
        if (a instanceof String x && b instanceof String y) {
            return direction * Integer.signum(x.compareTo(y));
        }
        if (a instanceof Instant x && b instanceof Instant y) {
            return direction * x.compareTo(y);
        }
        return components[component].compare(a, b);
    }
}
