package io.formsapi.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Copies of documents with only some of their fields, and their id, in the documents' own order, sharing the
 * values (each scalar value kept once, see below). Stages that read nothing else give the same answers on them, and read a few fresh entries on each of
 * their lookups instead of a stored document's whole tree of maps: matching, sorting and grouping twenty thousand
 * stored responses spent most of their time waiting for memory. The copies' field names are this class's own
 * strings, one for each name in all copies, so that a lookup compares them by identity instead of reading each
 * stored document's own copy of the name. Equal strings, numbers and booleans in the copies are one object too:
 * a form's answers repeat a few values (its options, its ratings), which a stage then reads from one place in
 * memory instead of from wherever each stored document was decoded.
 */
final class FieldSubset {

    private static final Object WHOLE = new Object();

    /** Each field kept to {@link #WHOLE}, or to the fields kept of the embedded document it holds. */
    private final Map<String, Object> kept = new HashMap<>();
    /** The one string for each field name kept, at any level. */
    private final Map<String, String> names = new HashMap<>();
    /** The one object for each scalar value copied, by equality (which tells their classes apart). */
    private final Map<Object, Object> values = new HashMap<>();

    /** @param fields paths, dotted into embedded documents */
    FieldSubset(Set<String> fields) {
        kept.put("_id", WHOLE);
        names.put("_id", "_id");
        for (String field : fields) {
            Map<String, Object> level = kept;
            String[] parts = field.split("\\.");
            for (int i = 0; i < parts.length && level != null; i++) {
                names.putIfAbsent(parts[i], parts[i]);
                if (i == parts.length - 1) {
                    level.put(parts[i], WHOLE);
                } else {
                    Object below = level.computeIfAbsent(parts[i], part -> new HashMap<String, Object>());
                    level = below == WHOLE ? null : levelOf(below);
                }
            }
        }
    }

    Document of(Document document) {
        return copy(document, kept);
    }

    private Document copy(Document document, Map<String, Object> fields) {
        Document copy = new Document();
        if (fields.size() == 1) {
            Map.Entry<String, Object> only = fields.entrySet().iterator().next();
            copyField(document, only.getKey(), only.getValue(), copy);
        } else {
            for (String field : document.keySet()) {
                if (fields.containsKey(field)) {
                    copyField(document, field, fields.get(field), copy);
                }
            }
        }
        return copy;
    }

    private void copyField(Document from, String field, Object kept, Document to) {
        Object value = from.getOrMissing(field);
        if (value instanceof Missing) {
            return;
        }
        to.put(names.get(field), kept == WHOLE || !(value instanceof Document embedded) ? shared(value)
                : copy(embedded, levelOf(kept)));
    }

    private Object shared(Object value) {
        if (value instanceof ObjectId id) {
            // Every id is its own, so it cannot be shared; a copy made here lies beside the copy of its document
            // instead of wherever the stored one was decoded, and a stage reading every id (the search's
            // candidates) reads them in order instead of waiting for memory at each one.
            return new ObjectId(id.toByteArray());
        }
        return value instanceof String || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean ? values.computeIfAbsent(value, v -> v) : value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> levelOf(Object level) {
        return (Map<String, Object>) level;
    }
}
