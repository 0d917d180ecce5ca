package io.formsapi.store;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Columnar rows, so that the stages after it read the unwound values and the rows' other paths from columns. */
    @Override
    public List<Document> apply(List<Document> documents) {
        ColumnarRows rows = documents instanceof ColumnarRows columnar ? columnar : ColumnarRows.of(documents);
        return new UnwoundRows(rows, unwinding(rows));
    }

    /**
     * The rows an unwinding makes: for each, the row it comes from, the element it holds at the
     * path ({@link FieldPath#UNRESOLVED} for a row the library made), and the row itself where it is made already
     * (made by the library, or the row it comes from, for a value that is not an array).
     */
    private record Unwinding(int[] parentOf, Object[] elements, Document[] ready) {
    }

    /**
     * From the column of the path: the library's rules for a row the walk cannot tell (not embedded documents all
     * along the path), one row per element of an array, the row itself for any other value but null.
     */
    private Unwinding unwinding(ColumnarRows parents) {
        Object[] values = parents.column(path);
        // the library's rules for the rows the walk cannot tell, few if any
        Map<Integer, List<Document>> byLibrary = new HashMap<>();
        int count = 0;
        for (int parent = 0; parent < values.length; parent++) {
            if (values[parent] == FieldPath.UNRESOLVED) {
                List<Document> unwound = new UnwindStage(spec).apply(Stream.of(parents.get(parent))).toList();
                byLibrary.put(parent, unwound);
                count += unwound.size();
            } else {
                count += values[parent] instanceof Collection<?> list ? list.size() : 1;
            }
        }
        int[] from = new int[count];
        Object[] held = new Object[count];
        Document[] ready = new Document[count];
        int size = 0;
        for (int parent = 0; parent < values.length; parent++) {
            Object value = values[parent];
            if (value == FieldPath.UNRESOLVED) {
                for (Document document : byLibrary.get(parent)) {
                    from[size] = parent;
                    held[size] = FieldPath.UNRESOLVED;
                    ready[size++] = document;
                }
            } else if (value instanceof Collection<?> list) {
                for (Object element : list) {
                    from[size] = parent;
                    held[size++] = element;
                }
            } else if (!Missing.isNullOrMissing(value)) {
                from[size] = parent;
                held[size] = value;
                ready[size++] = parents.get(parent);
            }
        }
        return new Unwinding(Arrays.copyOf(from, size), Arrays.copyOf(held, size), Arrays.copyOf(ready, size));
    }

    /**
     * What {@link #apply} gives, each row made only when asked for: the stages that read paths read the unwound
     * values, and the other paths of the row each element came from, from columns.
     */
    private final class UnwoundRows extends ColumnarRows.MadeWhenRead {

        private final ColumnarRows parents;
        private final Unwinding unwinding;

        private UnwoundRows(ColumnarRows parents, Unwinding unwinding) {
            super(unwinding.ready());
            this.parents = parents;
            this.unwinding = unwinding;
        }

        @Override
        Document make(int index) {
            return with(parents.get(unwinding.parentOf()[index]), 0, unwinding.elements()[index]);
        }

        /** The path unwound, and paths apart from it, without making the rows; paths within it from the rows. */
        @Override
        Object[] values(FieldPath other) {
            boolean unwoundPath = other.path().equals(path.path());
            if (!unwoundPath && overlaps(other)) {
                return super.values(other);
            }
            Object[] elements = unwinding.elements();
            Object[] parentValues = unwoundPath ? null : parents.column(other);
            Object[] values = new Object[elements.length];
            for (int row = 0; row < values.length; row++) {
                if (elements[row] == FieldPath.UNRESOLVED) {
                    values[row] = other.valueIn(unwinding.ready()[row]);
                } else {
                    values[row] = unwoundPath ? elements[row] : parentValues[unwinding.parentOf()[row]];
                }
            }
            return values;
        }

        /** Whether one path leads into the other, so that unwinding changes what {@code other} reads. */
        private boolean overlaps(FieldPath other) {
            String a = other.path() + ".";
            String b = path.path() + ".";
            return a.startsWith(b) || b.startsWith(a);
        }
    }

    /** A copy of {@code document} (at depth {@code level} of the path) with the path's value set to {@code value}. */
    private Document with(Document document, int level, Object value) {
        Document copy = new Document(document);
        String part = parts[level];
        copy.put(part, level == parts.length - 1 ? value : with((Document) document.get(part), level + 1, value));
        return copy;
    }
}
