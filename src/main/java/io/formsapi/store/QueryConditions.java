package io.formsapi.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * What a query requires of single fields, as far as an index can use it: equality, membership in a list, or a
 * range. Conditions an index cannot use ({@code $ne}, {@code $exists}, {@code $or}, regular expressions, null,
 * arrays and embedded documents as values, ...) are left out; every document the query matches satisfies the
 * conditions kept, so an index scan over them returns a superset of the matches, which the query then filters.
 */
final class QueryConditions {

    sealed interface Condition permits Equals, AnyOf, Between {
    }

    /** The field (or one of its array's elements) equals {@code value}. */
    record Equals(Object value) implements Condition {
    }

    /** The field equals one of {@code values}. */
    record AnyOf(List<Object> values) implements Condition {
    }

    /** The field lies between the bounds, each inclusive, null when open. */
    record Between(Object lower, Object upper) implements Condition {
    }

    private final Map<String, Condition> byField = new HashMap<>();
    private boolean onlyEqualities = true;

    private QueryConditions() {
    }

    static QueryConditions of(Document query) {
        QueryConditions conditions = new QueryConditions();
        conditions.collect(query);
        return conditions;
    }

    /** The condition on {@code field}, or null when the query sets none an index could use. */
    Condition on(String field) {
        return byField.get(field);
    }

    boolean isEmpty() {
        return byField.isEmpty();
    }

    /** How many fields carry a condition kept here. */
    int size() {
        return byField.size();
    }

    /**
     * Whether the query is nothing but these conditions, each an equality or an {@code $in}, one per field: then
     * the index entries that satisfy them are exactly the documents the query selects, and counting them counts
     * the documents.
     */
    boolean isOnlyEqualities() {
        return onlyEqualities;
    }

    private void collect(Document query) {
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            if (field.equals("$and") && value instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Document document) {
                        collect(document);
                    } else {
                        onlyEqualities = false;
                    }
                }
            } else if (field.startsWith("$")) {
                onlyEqualities = false;
            } else {
                Condition condition = conditionOf(value);
                onlyEqualities &= condition != null && !(condition instanceof Between) && isWhole(value)
                        && !byField.containsKey(field);
                if (condition != null) {
                    byField.merge(field, condition, QueryConditions::narrower);
                }
            }
        }
    }

    /** A value, or an operator document the condition taken from it says all of. */
    private static boolean isWhole(Object value) {
        return !(value instanceof Document operators) || operators.keySet().equals(Set.of("$eq"))
                || operators.keySet().equals(Set.of("$in"));
    }

    private static Condition conditionOf(Object value) {
        if (!(value instanceof Document operators)) {
            return indexable(value) ? new Equals(normalized(value)) : null;
        }
        if (operators.isEmpty() || !operators.keySet().stream().allMatch(key -> key.startsWith("$"))) {
            return null;
        }
        if (indexable(operators.get("$eq"))) {
            return new Equals(normalized(operators.get("$eq")));
        }
        if (operators.get("$in") instanceof Collection<?> values && values.stream().allMatch(QueryConditions::indexable)) {
            List<Object> normalized = new ArrayList<>(values.size());
            values.forEach(v -> normalized.add(normalized(v)));
            return new AnyOf(normalized);
        }
        Object lower = bound(operators, "$gt", "$gte");
        Object upper = bound(operators, "$lt", "$lte");
        return lower == null && upper == null ? null : new Between(lower, upper);
    }

    private static Object bound(Document operators, String exclusive, String inclusive) {
        for (String operator : List.of(exclusive, inclusive)) {
            Object value = operators.get(operator);
            if (indexable(value)) {
                return normalized(value);
            }
        }
        return null;
    }

    /** A value whose matches an index finds among its keys: one that matches itself or an array holding it. */
    static boolean indexable(Object value) {
        return value != null && !(value instanceof Missing) && !(value instanceof Collection)
                && !(value instanceof Map) && !(value instanceof BsonRegularExpression);
    }

    /** Numbers compare as doubles in keys, as in the library's own indexes; a missing value is null. */
    static Object normalized(Object value) {
        return new KeyValue(Collections.singletonList(value)).normalized().get(0);
    }

    /** Of two conditions on one field (from different {@code $and} parts), the one that selects fewer keys. */
    private static Condition narrower(Condition a, Condition b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Condition condition) {
        if (condition instanceof Equals) {
            return 3;
        }
        return condition instanceof AnyOf ? 2 : 1;
    }
}
