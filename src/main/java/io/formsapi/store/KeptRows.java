package io.formsapi.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Copies of the documents an index scan names, with only the fields some stages read ({@link FieldSubset}), those
 * that meet the query's conditions beyond the scan's keys, in the order asked (the scan's when none), kept for the
 * next read of the same scan, fields, conditions and order: a form's widgets read the same few fields of the same
 * twenty thousand responses on every request, and reading them from the stored documents, spread over the heap,
 * cost a wait for memory at nearly every step. What is kept is the documents' data, as a partial index ordered by
 * the sort would hold it, not any answer: the stages after the query run on every read. The rows are
 * {@link ColumnarRows}, so that the stages reading paths read them from arrays made once.
 *
 * <p>A write of a document drops every scan the document may belong to: those fixing the same string as the
 * document holds on the index's leading field are the only ones kept. At most {@code capacity} rows are kept in
 * all, the scans read longest ago dropped first; 0 keeps none.
 */
final class KeptRows {

    /**
     * A scan (its index, its key intervals), the fields copied, the conditions the rows kept meet beyond the scan's
     * keys and their order (an empty document for none).
     */
    record Key(String index, List<List<Object>> intervals, Set<String> fields, Document residual, Document order) {
    }

    /** The rows of one scan, and the index's leading field and the value the scan fixes on it (null: none). */
    private record Rows(List<Document> rows, String leadingField, Object leadingValue) {
    }

    /** How many scans read once and not kept {@link #rowsWhenReadAgain} remembers. */
    private static final int REMEMBERED = 64;

    private final Map<Key, Rows> kept = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Key, Boolean> readOnce = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };
    private int capacity;
    private long size;
    private long writes;

    KeptRows(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The rows kept for {@code key}, else those {@code copy} makes, kept unless they alone exceed the capacity or a
     * write completed while they were made. {@code leadingValue} is what the scan fixes on the index's
     * {@code leadingField}, null when it fixes none.
     */
    List<Document> rows(Key key, String leadingField, Object leadingValue, Supplier<List<Document>> copy) {
        long writesBefore;
        synchronized (this) {
            Rows found = kept.get(key);
            if (found != null) {
                return found.rows();
            }
            writesBefore = writes;
        }
        List<Document> rows = ColumnarRows.of(copy.get());
        synchronized (this) {
            if (writes == writesBefore && rows.size() <= capacity) {
                keep(key, new Rows(rows, leadingField, leadingValue));
            }
        }
        return rows;
    }

    /**
     * As {@link #rows}, but the rows of a scan are kept only from its second read on, while it is among the last
     * {@value #REMEMBERED} scans read once: rows cheap to make again from an index's keys are kept for a scan read
     * again and again (a form's days in the last month), not for one whose bounds move with every read (its last
     * 24 hours), which would fill the space kept with scans never read again.
     */
    List<Document> rowsWhenReadAgain(Key key, String leadingField, Object leadingValue,
            Supplier<List<Document>> copy) {
        boolean first;
        synchronized (this) {
            first = !kept.containsKey(key) && readOnce.put(key, Boolean.TRUE) == null;
        }
        return first ? ColumnarRows.of(copy.get()) : rows(key, leadingField, leadingValue, copy);
    }

    private void keep(Key key, Rows rows) {
        kept.put(key, rows);
        size += rows.rows().size();
        Iterator<Rows> eldest = kept.values().iterator();
        while (size > capacity) {
            size -= eldest.next().rows().size();
            eldest.remove();
        }
    }

    /**
     * Drops the scans {@code document} may belong to, once its write (document and indexes) is complete: rows being
     * made meanwhile may have missed it, and are not kept.
     */
    synchronized void written(Document document) {
        writes++;
        Iterator<Rows> each = kept.values().iterator();
        while (each.hasNext()) {
            Rows rows = each.next();
            if (mayHold(rows, document)) {
                size -= rows.rows().size();
                each.remove();
            }
        }
    }

    synchronized void resize(int capacity) {
        this.capacity = capacity;
        clear();
    }

    synchronized void clear() {
        writes++;
        kept.clear();
        readOnce.clear();
        size = 0;
    }

    synchronized int scans() {
        return kept.size();
    }

    private static boolean mayHold(Rows rows, Document document) {
        if (!(rows.leadingValue() instanceof String fixed)) {
            return true;
        }
        Object value = Utils.getSubdocumentValueCollectionAware(document, rows.leadingField());
        return !(value instanceof String held) || Objects.equals(fixed, held);
    }

    /** A key made of the scan's intervals as lists, which compare by their values (nulls included). */
    static Key key(String index, List<IndexScan.Interval> intervals, Set<String> fields, Document residual,
            Document order) {
        List<List<Object>> bounds = new ArrayList<>();
        for (IndexScan.Interval interval : intervals) {
            bounds.add(Arrays.asList(interval.low()));
            bounds.add(Arrays.asList(interval.high()));
        }
        return new Key(index, bounds, Set.copyOf(fields), residual, order == null ? new Document() : order);
    }
}
