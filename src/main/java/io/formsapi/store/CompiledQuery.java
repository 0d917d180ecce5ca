package io.formsapi.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A query prepared once for many documents, matching as the library's matcher does. Conditions of the shapes the
 * API sends beyond an index's keys ({@code $type} of numbers or strings, {@code $exists}, ranges of dates, a string
 * or a list of strings) are tested on the value read in place ({@link FieldPath}); a document whose value is of
 * another kind (an array, null, a path through an array) is matched by the library, and so is every document when
 * the query has any other condition. The library's matcher splits each path and interprets each operator for every
 * document, which cost more than the rest of a widget's work on twenty thousand responses.
 */
final class CompiledQuery implements Predicate<Document> {

    /** What a condition says of a value: yes, no, or that the library must tell. */
    private enum Verdict { MATCHES, FAILS, UNKNOWN }

    private interface Condition {
        Verdict test(Object value);
    }

    private record OnPath(FieldPath path, Condition condition) {
    }

    private static final Set<String> NUMBER_TYPES = Set.of("double", "int", "long", "decimal", "number");

    private final Document query;
    private final List<OnPath> conditions;
    private final DefaultQueryMatcher library = new DefaultQueryMatcher();

    private CompiledQuery(Document query, List<OnPath> conditions) {
        this.query = query;
        this.conditions = conditions;
    }

    /** Every document is matched by the library unless each of the query's conditions has a shape known here. */
    static Predicate<Document> of(Document query) {
        List<OnPath> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> entry : query.entrySet()) {
            Condition condition = entry.getKey().startsWith("$") ? null : condition(entry.getValue());
            if (condition == null) {
                DefaultQueryMatcher library = new DefaultQueryMatcher();
                return document -> library.matches(document, query);
            }
            conditions.add(new OnPath(FieldPath.of(entry.getKey()), condition));
        }
        return new CompiledQuery(query, conditions);
    }

    @Override
    public boolean test(Document document) {
        for (OnPath onPath : conditions) {
            Object value = onPath.path().valueIn(document);
            Verdict verdict = value == FieldPath.UNRESOLVED || value == null || value instanceof Collection
                    ? Verdict.UNKNOWN : onPath.condition().test(value);
            if (verdict == Verdict.UNKNOWN) {
                return library.matches(document, query);
            }
            if (verdict == Verdict.FAILS) {
                return false;
            }
        }
        return true;
    }

    private static Condition condition(Object spec) {
        if (spec instanceof String text) {
            return value -> value instanceof String || value instanceof Missing ? verdict(text.equals(value))
                    : Verdict.UNKNOWN;
        }
        if (!(spec instanceof Document operators) || operators.isEmpty()) {
            return null;
        }
        List<Condition> all = new ArrayList<>();
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Condition condition = operator(operator.getKey(), operator.getValue());
            if (condition == null) {
                return null;
            }
            all.add(condition);
        }
        return value -> {
            Verdict result = Verdict.MATCHES;
            for (Condition condition : all) {
                Verdict verdict = condition.test(value);
                if (verdict != Verdict.MATCHES) {
                    result = verdict;
                    if (verdict == Verdict.UNKNOWN) {
                        break;
                    }
                }
            }
            return result;
        };
    }

    private static Condition operator(String name, Object argument) {
        return switch (name) {
            case "$exists" -> argument instanceof Boolean wanted
                    ? value -> verdict(!(value instanceof Missing) == wanted) : null;
            case "$type" -> type(argument);
            case "$in" -> argument instanceof Collection<?> values && !values.isEmpty()
                    && values.stream().allMatch(String.class::isInstance)
                    ? value -> value instanceof String || value instanceof Missing ? verdict(values.contains(value))
                            : Verdict.UNKNOWN
                    : null;
            case "$gt", "$gte", "$lt", "$lte" -> argument instanceof Instant bound ? range(name, bound) : null;
            default -> null;
        };
    }

    /** Types named by their aliases: numbers (each kind, or all) and strings. */
    private static Condition type(Object argument) {
        Collection<?> names = argument instanceof Collection<?> list ? list : List.of(argument);
        if (names.isEmpty() || !names.stream().allMatch(name -> name instanceof String text
                && (NUMBER_TYPES.contains(text) || text.equals("string")))) {
            return null;
        }
        boolean anyNumber = names.contains("number");
        return value -> {
            if (value instanceof Missing) {
                return Verdict.FAILS;
            }
            String type = value instanceof Integer ? "int" : value instanceof Long ? "long"
                    : value instanceof Double ? "double" : value instanceof String ? "string" : null;
            if (type == null) {
                return Verdict.UNKNOWN;
            }
            return verdict(names.contains(type) || anyNumber && !type.equals("string"));
        };
    }

    private static Condition range(String operator, Instant bound) {
        return value -> {
            if (value instanceof Missing) {
                return Verdict.FAILS;
            }
            if (!(value instanceof Instant instant)) {
                return Verdict.UNKNOWN;
            }
            int order = instant.compareTo(bound);
            return verdict(switch (operator) {
                case "$gt" -> order > 0;
                case "$gte" -> order >= 0;
                case "$lt" -> order < 0;
                default -> order <= 0;
            });
        };
    }

    private static Verdict verdict(boolean matches) {
        return matches ? Verdict.MATCHES : Verdict.FAILS;
    }
}
