package io.formsapi.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Sorts documents as the library's {@code DocumentComparator} does (each sort field looked up the same way and
 * compared with its {@link ValueComparator}, ascending or descending), but looks each field up once per document
 * instead of on every comparison, which parses the field's path each time, and through embedded documents with a
 * path split once ({@link FieldPath}): sorting a form's twenty thousand responses by an answer cost more than
 * reading them.
 */
final class SortKeys {

    private record Keyed(Object[] values, Document document) {
    }

    private final List<FieldPath> fields;
    private final List<ValueComparator> comparators;
    private final Comparator<Keyed> order;

    private SortKeys(List<String> fields, List<ValueComparator> comparators) {
        this.comparators = comparators;
        this.fields = fields.stream().map(FieldPath::of).toList();
        Comparator<Keyed> order = (a, b) -> 0;
        for (int i = 0; i < comparators.size(); i++) {
            int field = i;
            ValueComparator comparator = comparators.get(i);
            order = order.thenComparing((a, b) -> comparator.compare(a.values()[field], b.values()[field]));
        }
        this.order = order;
    }

    /** The keys of a sort, or null when there is none or it is not by fields ({@code $natural}, {@code $meta}). */
    static SortKeys of(Document orderBy) {
        if (orderBy == null || orderBy.isEmpty()) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        List<ValueComparator> comparators = new ArrayList<>();
        for (Map.Entry<String, Object> sort : orderBy.entrySet()) {
            if (sort.getKey().startsWith("$") || !(sort.getValue() instanceof Number direction)) {
                return null;
            }
            fields.add(sort.getKey());
            comparators.add(direction.intValue() > 0 ? ValueComparator.asc() : ValueComparator.desc());
        }
        return new SortKeys(fields, comparators);
    }

    /** The documents in sort order; equal ones keep the order they came in. */
    List<Document> sorted(List<Document> documents) {
        List<Keyed> keyed = new ArrayList<>(documents.size());
        for (Document document : documents) {
            Object[] values = new Object[fields.size()];
            for (int i = 0; i < values.length; i++) {
                Object value = fields.get(i).valueIn(document);
                values[i] = value != FieldPath.UNRESOLVED ? value
                        : Utils.getSubdocumentValueCollectionAware(document, fields.get(i).path());
            }
            keyed.add(new Keyed(values, document));
        }
        if (allIntegers(keyed)) {
            return sortedByInteger(keyed);
        }
        keyed.sort(order);
        List<Document> sorted = new ArrayList<>(keyed.size());
        keyed.forEach(k -> sorted.add(k.document()));
        return sorted;
    }

    private boolean allIntegers(List<Keyed> keyed) {
        return fields.size() == 1 && keyed.stream().allMatch(k -> k.values()[0] instanceof Integer);
    }

    /**
     * A sort by one field holding an int in every document, as a sort of longs made of the value (its complement
     * when descending) and the document's place, which keeps equal values in the order they came in: the
     * comparator's sort dereferenced two boxed values scattered over the heap at each of its comparisons.
     */
    private List<Document> sortedByInteger(List<Keyed> keyed) {
        boolean ascending = comparators.get(0) == ValueComparator.asc();
        long[] packed = new long[keyed.size()];
        for (int i = 0; i < packed.length; i++) {
            int value = (Integer) keyed.get(i).values()[0];
            packed[i] = (long) (ascending ? value : ~value) << 32 | i;
        }
        Arrays.sort(packed);
        List<Document> sorted = new ArrayList<>(packed.length);
        for (long each : packed) {
            sorted.add(keyed.get((int) each).document());
        }
        return sorted;
    }
}
