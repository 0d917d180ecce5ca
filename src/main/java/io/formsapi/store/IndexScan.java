package io.formsapi.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * One way of answering a query from a {@link SecondaryIndex}: the key intervals to read, how many of the index's
 * keys the query fixes, and whether the entries come in the order the query sorts by.
 */
final class IndexScan {

    /** Keys from {@code low} to {@code high}, both included, in the index's order. */
    record Interval(Object[] low, Object[] high) {
    }

    private final SecondaryIndex index;
    private final List<Interval> intervals;
    private final int equalities;
    private final boolean narrowed;
    /** Sort fields served in order: positive reading forwards, negative backwards, 0 none. */
    private final int ordering;
    /** The values of the list the key after the fixed ones is narrowed to; null when it is not narrowed to one. */
    private final List<Object> anyOf;

    IndexScan(SecondaryIndex index, List<Interval> intervals, int equalities, boolean narrowed, int ordering,
            List<Object> anyOf) {
        this.index = index;
        this.intervals = intervals;
        this.equalities = equalities;
        this.narrowed = narrowed;
        this.ordering = ordering;
        this.anyOf = anyOf;
    }

    /**
     * More keys fixed select fewer documents; then a list or range on the next key; then a scan that needs no sort;
     * then one that returns each document once without having to remove duplicates.
     */
    boolean betterThan(IndexScan other) {
        int selectivity = Integer.compare(equalities * 2 + (narrowed ? 1 : 0),
                other.equalities * 2 + (other.narrowed ? 1 : 0));
        if (selectivity != 0) {
            return selectivity > 0;
        }
        if (isOrdered() != other.isOrdered()) {
            return isOrdered();
        }
        return !index.isMultikey() && other.index.isMultikey();
    }

    boolean isOrdered() {
        return ordering != 0;
    }

    /** How many of the query's fields the scan's intervals account for. */
    int fieldsUsed() {
        return equalities + (narrowed ? 1 : 0);
    }

    String indexName() {
        return index.getName();
    }

    /** What names this scan's rows of {@code fields} that meet {@code residual}, in {@code order}, in {@link KeptRows}. */
    KeptRows.Key rowsKey(Set<String> fields, Document residual, Document order) {
        return KeptRows.key(index.getName(), intervals, fields, residual, order);
    }

    /** The index's first field. */
    String leadingField() {
        return index.getKeys().get(0).getKey();
    }

    /** The value the scan fixes on the index's first field; null when it fixes none. */
    Object leadingValue() {
        return equalities > 0 ? intervals.get(0).low()[0] : null;
    }

    /** The number of distinct documents in the intervals. */
    long count() {
        return index.count(intervals);
    }

    /** The distinct positions of every document in the intervals. */
    Collection<Object> positions() {
        return index.positions(intervals);
    }

    /**
     * Whether documents made of this scan's keys hold each of {@code fields} as the stored documents do: the index
     * has one key per document and holds each field at the top level, or it is the id (a document's position).
     */
    boolean covers(Set<String> fields) {
        return !index.isMultikey() && fields.stream()
                .allMatch(field -> field.equals("_id") || !field.contains(".") && index.keyNames().contains(field));
    }

    /**
     * Each document in the intervals once, in key order: made of its key and id when the key holds the stored
     * values as they are (numbers are held as doubles, a missing value as null, so those are read with
     * {@code read}).
     */
    void forEachDocument(Function<Object, Document> read, Consumer<Document> action) {
        List<String> names = index.keyNames();
        // a list of values may name one twice
        Set<Object> seen = intervals.size() > 1 ? new HashSet<>() : null;
        index.forEachEntry(intervals, (key, position) -> {
            if (seen != null && !seen.add(position)) {
                return;
            }
            Document made = new Document("_id", position);
            for (int i = 0; i < key.length && made != null; i++) {
                made = isExact(key[i]) ? made.append(names.get(i), key[i]) : null;
            }
            action.accept(made != null ? made : read.apply(position));
        });
    }

    private static boolean isExact(Object value) {
        return value instanceof String || value instanceof Instant || value instanceof Boolean
                || value instanceof ObjectId;
    }

    /**
     * The query without its top-level equalities on the keys this scan fixes, and without a top-level {@code $in}
     * of strings on the next key when the scan reads exactly those strings: every document the scan names has
     * those values already (an index key holds the value, or one element of an array, that an equality or the
     * list matches), so only the rest needs matching.
     */
    Document residual(Document query) {
        if (intervals.isEmpty()) {
            return query;
        }
        Document rest = new Document(query);
        Object[] fixed = intervals.get(0).low();
        for (int i = 0; i < equalities; i++) {
            String field = index.getKeys().get(i).getKey();
            Object value = query.get(field);
            if (value instanceof Document operators) {
                value = operators.size() == 1 ? operators.get("$eq") : null;
            }
            if (QueryConditions.indexable(value)
                    && index.order().compare(i, QueryConditions.normalized(value), fixed[i]) == 0) {
                rest.remove(field);
            }
        }
        if (anyOf != null && isTheListRead(rest.get(index.getKeys().get(equalities).getKey()))) {
            rest.remove(index.getKeys().get(equalities).getKey());
        }
        return rest;
    }

    private boolean isTheListRead(Object condition) {
        return condition instanceof Document operators && operators.size() == 1
                && operators.get("$in") instanceof Collection<?> values && !values.isEmpty()
                && values.stream().allMatch(String.class::isInstance)
                && anyOf.stream().allMatch(String.class::isInstance)
                && new HashSet<>(values).equals(new HashSet<>(anyOf));
    }

    /**
     * Reads documents in sort order until at least {@code wanted} of them match and the sort fields the index serves
     * change, so that the documents collected include the first {@code wanted} of the full sort, ties on later sort
     * fields included; the caller sorts and cuts them. Only for an ordered scan.
     */
    List<Document> firstMatches(int wanted, Function<Object, Document> read, Predicate<Document> matches) {
        List<Document> collected = new ArrayList<>();
        int served = Math.abs(ordering);
        Object[] previous = null;
        for (Map.Entry<Object[], Object> entry : index.range(intervals.get(0), ordering > 0).entrySet()) {
            Object[] key = entry.getKey();
            if (collected.size() >= wanted && previous != null && !sameSortValues(previous, key, served)) {
                break;
            }
            for (Object position : SecondaryIndex.positionsOf(entry.getValue())) {
                Document document = read.apply(position);
                if (matches.test(document)) {
                    collected.add(document);
                }
            }
            previous = key;
        }
        return collected;
    }

    private boolean sameSortValues(Object[] a, Object[] b, int served) {
        for (int i = equalities; i < equalities + served; i++) {
            if (index.order().compare(i, a[i], b[i]) != 0) {
                return false;
            }
        }
        return true;
    }
}
