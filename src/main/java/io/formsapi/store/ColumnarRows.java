package io.formsapi.store;

import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Rows that also hand out their values at a field path as one array, made once per path and read by the stages
 * that only read paths ({@link Grouping}, {@link UnwoundArray}). The copies {@link KeptRows} keeps of a form's
 * responses are read on every request, and once the collector has moved them they lie scattered over the heap:
 * reading one path in each of twenty thousand of them took about twice as long as in the same copies freshly made,
 * waiting for memory at nearly every step. An array is read in order, and the values it names are few and shared
 * ({@link FieldSubset}).
 */
abstract class ColumnarRows extends AbstractList<Document> implements RandomAccess {

    private final Map<String, Object[]> columns = new ConcurrentHashMap<>();

    /** The documents as they are, read-only. */
    static ColumnarRows of(List<Document> documents) {
        return new Documents(List.copyOf(documents));
    }

    /** Each row's value at {@code path} as {@link FieldPath#valueIn} gives it, {@link FieldPath#UNRESOLVED} included. */
    final Object[] column(FieldPath path) {
        return columns.computeIfAbsent(path.path(), p -> values(path));
    }

    /** Reads the path in each row; a subclass may know the values without reading its rows. */
    Object[] values(FieldPath path) {
        Object[] values = new Object[size()];
        for (int row = 0; row < values.length; row++) {
            values[row] = path.valueIn(get(row));
        }
        return values;
    }

    /** Rows made from other rows only when a stage asks for them, each once. */
    abstract static class MadeWhenRead extends ColumnarRows {

        private final Document[] made;

        /** @param made the rows made already, null where a row is still to be made */
        MadeWhenRead(Document[] made) {
            this.made = made;
        }

        abstract Document make(int index);

        @Override
        public final Document get(int index) {
            if (made[index] == null) {
                made[index] = make(index);
            }
            return made[index];
        }

        @Override
        public final int size() {
            return made.length;
        }
    }

    private static final class Documents extends ColumnarRows {

        private final List<Document> documents;

        private Documents(List<Document> documents) {
            this.documents = documents;
        }

        @Override
        public Document get(int index) {
            return documents.get(index);
        }

        @Override
        public int size() {
            return documents.size();
        }
    }
}
