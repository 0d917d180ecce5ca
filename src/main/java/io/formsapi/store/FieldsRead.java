package io.formsapi.store;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The fields of its input documents a query or the start of a pipeline reads, found from the stages' text, so that
 * documents made of an index's keys can stand in for the stored ones. Null wherever that cannot be told for sure:
 * a pipeline that passes whole documents on, system variables ({@code $$ROOT}), exclusions, query operators at the
 * top level other than {@code $and}.
 */
final class FieldsRead {

    private FieldsRead() {
    }

    /**
     * The fields the stages read when the first one is a {@code $group} or a {@code $project} that names each field it
     * keeps: every stage after it reads only what that one made.
     */
    static Set<String> ofStages(List<Document> stages) {
        if (stages.isEmpty() || stages.get(0).size() != 1) {
            return null;
        }
        Document first = stages.get(0);
        Set<String> fields = new HashSet<>();
        if (first.get("$group") instanceof Document group) {
            return collectPaths(group, fields) ? fields : null;
        }
        if (!(first.get("$project") instanceof Document project)) {
            return null;
        }
        fields.add("_id");
        for (Map.Entry<String, Object> field : project.entrySet()) {
            Object value = field.getValue();
            boolean flag = value instanceof Number || value instanceof Boolean;
            if (flag && !isTrue(value) && !field.getKey().equals("_id")) {
                return null;
            }
            if (value instanceof Document nested && (nested.isEmpty() || !nested.keySet().iterator().next()
                    .startsWith("$"))) {
                // a projection of an embedded document's fields
                return null;
            }
            if (flag) {
                fields.add(field.getKey());
            } else if (!collectPaths(value, fields)) {
                return null;
            }
        }
        return fields;
    }

    /** The fields a query's conditions name, or null when it uses a top-level operator other than {@code $and}. */
    static Set<String> ofQuery(Document query) {
        Set<String> fields = new HashSet<>();
        return collectQueryFields(query, fields) ? fields : null;
    }

    private static boolean collectQueryFields(Document query, Set<String> fields) {
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            if (condition.getKey().equals("$and") && condition.getValue() instanceof Collection<?> parts) {
                for (Object part : parts) {
                    if (!(part instanceof Document document) || !collectQueryFields(document, fields)) {
                        return false;
                    }
                }
            } else if (condition.getKey().startsWith("$")) {
                return false;
            } else {
                fields.add(condition.getKey());
            }
        }
        return true;
    }

    /** Adds each field path ({@code "$a.b"}) in an expression; false when it refers to a variable. */
    private static boolean collectPaths(Object expression, Set<String> fields) {
        if (expression instanceof String text && text.startsWith("$")) {
            if (text.startsWith("$$")) {
                return false;
            }
            fields.add(text.substring(1));
        } else if (expression instanceof Map<?, ?> document) {
            for (Object value : document.values()) {
                if (!collectPaths(value, fields)) {
                    return false;
                }
            }
        } else if (expression instanceof Collection<?> values) {
            for (Object value : values) {
                if (!collectPaths(value, fields)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isTrue(Object flag) {
        return flag instanceof Boolean bool ? bool : ((Number) flag).doubleValue() != 0;
    }
}
