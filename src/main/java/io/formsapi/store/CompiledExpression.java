package io.formsapi.store;

import java.time.Instant;

import de.bwaldvogel.mongo.backend.aggregation.Expression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An aggregation expression prepared once for many documents, giving what the library's
 * {@code Expression.evaluateDocument} gives: field paths are read with {@link FieldPath}, constants are returned
 * as they are, a {@code $dateToString} of a date field in UTC is formatted by {@link DayFormat}; anything else,
 * and any document where these cannot tell, is evaluated by the library.
 */
@FunctionalInterface
interface CompiledExpression {

    Object evaluate(Document document);

    static CompiledExpression of(Object expression) {
        FieldPath path = pathOf(expression);
        if (path != null) {
            return document -> {
                Object value = path.valueIn(document);
                return value != FieldPath.UNRESOLVED ? value : Expression.evaluateDocument(expression, document);
            };
        }
        if (isConstant(expression)) {
            return document -> expression;
        }
        CompiledExpression dateToString = dateToString(expression);
        return dateToString != null ? dateToString : document -> Expression.evaluateDocument(expression, document);
    }

    /** The field path an expression such as {@code "$answers.rating"} reads; null for any other expression. */
    static FieldPath pathOf(Object expression) {
        return expression instanceof String text && text.startsWith("$") && !text.startsWith("$$")
                ? FieldPath.of(text.substring(1)) : null;
    }

    /** Whether the expression is a value that reads nothing. */
    static boolean isConstant(Object expression) {
        return expression == null || expression instanceof Number || expression instanceof Boolean
                || expression instanceof String text && !text.startsWith("$");
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
        if (formatted == null) {
            return null;
        }
        FieldPath path = FieldPath.of(date.substring(1));
        return document -> {
            String text = path.valueIn(document) instanceof Instant instant ? formatted.format(instant) : null;
            return text != null ? text : Expression.evaluateDocument(expression, document);
        };
    }
}
