package io.formsapi.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An aggregation expression prepared once for many documents, giving what the library's
 * {@code Expression.evaluateDocument} gives: field paths are read with {@link FieldPath}, constants are returned
 * as they are, a {@code $dateToString} of a date field in UTC is formatted by {@link DayFormat}, an
 * {@code $ifNull} of a field path and a constant takes the constant where the path holds null or nothing; anything
 * else, and any document where these cannot tell, is evaluated by the library.
 */
interface CompiledExpression {

    Object evaluate(Document document);

    /**
     * The one field path the expression reads, so that it can be evaluated from that path's value alone
     * ({@link #fromValue}); null when it reads none (a constant) or more.
     */
    default FieldPath onePath() {
        return null;
    }

    /**
     * What {@link #evaluate} gives for a document whose value at {@link #onePath()} is {@code value} (as
     * {@link FieldPath#valueIn} gives it); {@code document} is asked for only where that value cannot tell.
     */
    default Object fromValue(Object value, Supplier<Document> document) {
        return evaluate(document.get());
    }

    static CompiledExpression of(Object expression) {
        FieldPath path = pathOf(expression);
        if (path != null) {
            return new OnePath(path, expression, null);
        }
        if (isConstant(expression)) {
            return new Constant(expression);
        }
        CompiledExpression compiled = dateToString(expression);
        if (compiled == null) {
            compiled = IfNull.of(expression);
        }
        return compiled != null ? compiled : document -> Expression.evaluateDocument(expression, document);
    }

    /** Whether the expression is a value that reads nothing. */
    static boolean isConstant(Object expression) {
        return expression == null || expression instanceof Number || expression instanceof Boolean
                || expression instanceof String text && !text.startsWith("$");
    }

    private static FieldPath pathOf(Object expression) {
        return expression instanceof String text && text.startsWith("$") && !text.startsWith("$$")
                ? FieldPath.of(text.substring(1)) : null;
    }

    /**
     * {@code {$dateToString: {format, date: "$field", timezone: "UTC"}}} (or without a time zone, which is UTC) when
     * {@link DayFormat} knows every specifier of the format; null otherwise.
     */
    private static CompiledExpression dateToString(Object expression) {
        if (!(expression instanceof Document outer) || outer.size() != 1
                || !(outer.get("$dateToString") instanceof Document arguments)
                || !(arguments.get("format") instanceof String format)
                || !(arguments.get("date") instanceof String date) || !date.startsWith("$") || date.startsWith("$$")
                || !arguments.keySet().stream().allMatch(key -> key.equals("format") || key.equals("date")
                        || key.equals("timezone") && "UTC".equals(arguments.get("timezone")))) {
            return null;
        }
        DayFormat formatted = DayFormat.of(format);
        return formatted == null ? null : new OnePath(FieldPath.of(date.substring(1)), expression, formatted);
    }

    /**
     * {@code {$ifNull: ["$path", constant]}}: the path's value, or the constant where that is null or missing. Where
     * the path cannot tell, or its value is an embedded document (which the library evaluates again as an
     * expression), the library evaluates the whole expression.
     */
    record IfNull(FieldPath path, Object otherwise, Object expression) implements CompiledExpression {

        private static IfNull of(Object expression) {
            if (!(expression instanceof Document outer) || outer.size() != 1
                    || !(outer.get("$ifNull") instanceof List<?> arguments) || arguments.size() != 2
                    || !isConstant(arguments.get(1))) {
                return null;
            }
            FieldPath path = pathOf(arguments.get(0));
            return path == null ? null : new IfNull(path, arguments.get(1), expression);
        }

        @Override
        public Object evaluate(Document document) {
            return fromValue(path.valueIn(document), () -> document);
        }

        @Override
        public FieldPath onePath() {
            return path;
        }

        @Override
        public Object fromValue(Object found, Supplier<Document> document) {
            if (found == FieldPath.UNRESOLVED || found instanceof Document) {
                return Expression.evaluateDocument(expression, document.get());
            }
            return Missing.isNullOrMissing(found) ? otherwise : found;
        }
    }

    /** A value that reads nothing. */
    record Constant(Object value) implements CompiledExpression {

        @Override
        public Object evaluate(Document document) {
            return value;
        }
    }

    /**
     * A field path read as it is, or a date at a field path written in a {@link DayFormat}; where the path's value
     * cannot tell (the walk met an array, or the date is not one), the library evaluates the expression.
     */
    final class OnePath implements CompiledExpression {

        private final FieldPath path;
        private final Object expression;
        private final DayFormat day;

        private OnePath(FieldPath path, Object expression, DayFormat day) {
            this.path = path;
            this.expression = expression;
            this.day = day;
        }

        @Override
        public Object evaluate(Document document) {
            Object known = known(path.valueIn(document));
            return known != FieldPath.UNRESOLVED ? known : Expression.evaluateDocument(expression, document);
        }

        @Override
        public FieldPath onePath() {
            return path;
        }

        @Override
        public Object fromValue(Object value, Supplier<Document> document) {
            Object known = known(value);
            return known != FieldPath.UNRESOLVED ? known : Expression.evaluateDocument(expression, document.get());
        }

        /** The expression's value for this value at the path; {@link FieldPath#UNRESOLVED} when it cannot tell. */
        private Object known(Object value) {
            if (day == null) {
                return value;
            }
            String text = value instanceof Instant instant ? day.format(instant) : null;
            return text != null ? text : FieldPath.UNRESOLVED;
        }
    }
}
