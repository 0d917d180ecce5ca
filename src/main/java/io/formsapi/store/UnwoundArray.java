package io.formsapi.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.aggregation.stage.UnwindStage;
import de.bwaldvogel.mongo.bson.Document;

/**
 * An {@code $unwind} of a path without options, as the library's runs it: nothing for a missing or null value or
 * an empty array, one document per element of an array, the document itself for any other value. Each document
 * made is a copy of the documents along the path only, sharing every other value, where the library copies the
 * whole document deeply for each element.
 */
final class UnwoundArray implements UnaryOperator<List<Document>> {

    private final Object spec;
    private final FieldPath path;
    private final String[] parts;

    private UnwoundArray(Object spec, String path) {
        this.spec = spec;
        this.path = FieldPath.of(path);
        this.parts = path.split("\\.", -1);
    }

    /** Null for an option ({@code preserveNullAndEmptyArrays}, {@code includeArrayIndex}) or a malformed path. */
    static UnwoundArray of(Object spec) {
        Object path = spec instanceof Document options && options.size() == 1 ? options.get("path") : spec;
        return path instanceof String text && text.startsWith("$") && !text.startsWith("$$") && text.length() > 1
                ? new UnwoundArray(spec, text.substring(1)) : null;
    }

    @Override
    public List<Document> apply(List<Document> documents) {
        List<Document> unwound = new ArrayList<>(documents.size());
        for (Document document : documents) {
            Object value = path.valueIn(document);
            if (value == FieldPath.UNRESOLVED) {
                // not embedded documents all along the path: the library's rules for it, on this document only
                new UnwindStage(spec).apply(Stream.of(document)).forEach(unwound::add);
            } else if (value instanceof Collection<?> elements) {
                for (Object element : elements) {
                    unwound.add(with(document, 0, element));
                }
            } else if (!Missing.isNullOrMissing(value)) {
                unwound.add(document);
            }
        }
        return unwound;
    }

    /** A copy of {@code document} (at depth {@code level} of the path) with the path's value set to {@code value}. */
    private Document with(Document document, int level, Object value) {
        Document copy = new Document(document);
        String part = parts[level];
        copy.put(part, level == parts.length - 1 ? value : with((Document) document.get(part), level + 1, value));
        return copy;
    }
}
