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
     * The fields the stages read until one makes new documents from them: a {@code $group}, or a first
     * {@code $project} that names each field it keeps; {@code $match}, {@code $unwind}, {@code $sort},
     * {@code $skip} and {@code $limit} before it pass on what they read, and each pipeline of a {@code $facet} is
     * followed to its own. Every stage after that reads only what it made.
     */
    static Set<String> ofStages(List<Document> stages) {
        Set<String> fields = new HashSet<>();
        if (!stages.isEmpty() && stages.get(0).size() == 1 && stages.get(0).get("$project") instanceof Document project) {
            return collectProjection(project, fields) ? fields : null;
        }
        return collectUntilGroup(stages, fields) ? fields : null;
    }

    private static boolean collectUntilGroup(List<?> stages, Set<String> fields) {
        for (Object each : stages) {
            if (!(each instanceof Document stage) || stage.size() != 1) {
                return false;
            }
            Object spec = stage.values().iterator().next();
            switch (stage.keySet().iterator().next()) {
                case "$group" -> {
                    return collectPaths(spec, fields);
                }
                case "$facet" -> {
                    return spec instanceof Document facet && !facet.isEmpty() && facet.values().stream()
                            .allMatch(pipeline -> pipeline instanceof List<?> list && collectUntilGroup(list, fields));
                }
                case "$match" -> {
                    if (!(spec instanceof Document query) || !collectQueryFields(query, fields)) {
                        return false;
                    }
                }
                case "$unwind" -> {
                    Object path = spec instanceof Document unwind ? unwind.get("path") : spec;
                    if (!(path instanceof String text) || !collectPaths(text, fields)) {
                        return false;
                    }
                }
                case "$sort" -> {
                    if (!(spec instanceof Document sort)) {
                        return false;
                    }
                    fields.addAll(sort.keySet());
                }
                case "$skip", "$limit" -> {
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean collectProjection(Document project, Set<String> fields) {
        fields.add("_id");
        for (Map.Entry<String, Object> field : project.entrySet()) {
            Object value = field.getValue();
            boolean flag = value instanceof Number || value instanceof Boolean;
            if (flag && !isTrue(value) && !field.getKey().equals("_id")) {
                return false;
            }
            if (value instanceof Document nested && (nested.isEmpty() || !nested.keySet().iterator().next()
                    .startsWith("$"))) {
                // a projection of an embedded document's fields
                return false;
            }
            if (flag) {
                fields.add(field.getKey());
            } else if (!collectPaths(value, fields)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fields a find's projection keeps, and the id, when it only names fields to include (and perhaps excludes
     * the id); null for no projection, an exclusion or any operator ({@code $slice}, {@code $elemMatch}, ...).
     */
    static Set<String> ofInclusion(Document projection) {
        if (projection == null) {
            return null;
        }
        Set<String> fields = new HashSet<>();
        fields.add("_id");
        for (Map.Entry<String, Object> field : projection.entrySet()) {
            Object value = field.getValue();
            if (!(value instanceof Number || value instanceof Boolean)) {
                return null;
            }
            if (isTrue(value)) {
                fields.add(field.getKey());
            } else if (!field.getKey().equals("_id")) {
                return null;
            }
        }
        return fields.size() > 1 ? fields : null;
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
