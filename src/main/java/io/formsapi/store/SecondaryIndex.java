package io.formsapi.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

import io.formsapi.store.QueryConditions.AnyOf;
import io.formsapi.store.QueryConditions.Between;
import io.formsapi.store.QueryConditions.Condition;
import io.formsapi.store.QueryConditions.Equals;

/**
 * A non-unique index held in memory: its keys in order, each with the positions of the documents that have it. A
 * document with an array in a key field has one key per element (multikey); an empty array counts as null, so
 * that every document has at least one key and a scan by the leading keys finds them all. Kept current by the
 * collection on every insert, update and delete; rebuilt from the collection when the store opens, so it can never
 * disagree with what is stored.
 */
final class SecondaryIndex extends Index<Object> {

    private final KeyOrder order;
    private final Function<Document, Object> positionOf;
    /** Key to the position of its only document, or to a {@link PositionSet} when several share it. */
    private final TreeMap<Object[], Object> entries;
    private long count;
    /** Entries by their first key's value: a count of a form's responses is a lookup, not a walk of its keys. */
    private final TreeMap<Object, long[]> leadingCounts;
    private boolean multikey;

    /**
     * @param positionOf where the collection keeps a document, found from the document alone, because the
     *                   library asks an index to remove a document without telling it the position
     */
    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, Function<Document, Object> positionOf) {
        super(name, keys, sparse);
        this.order = new KeyOrder(keys);
        this.positionOf = positionOf;
        this.entries = new TreeMap<>(order);
        this.leadingCounts = new TreeMap<>((a, b) -> order.compare(0, a, b));
    }

    @Override
    public Object getPosition(Document document) {
        Object position = positionOf.apply(document);
        List<Object[]> keys = keysOf(document);
        return !keys.isEmpty() && positionsOf(entries.get(keys.get(0))).contains(position) ? position : null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        keysOf(document);
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        List<Object[]> keys = keysOf(document);
        multikey |= keys.size() > 1;
        keys.forEach(key -> put(key, position));
    }

    @Override
    public Object remove(Document document) {
        Object position = positionOf.apply(document);
        boolean removed = false;
        for (Object[] key : keysOf(document)) {
            removed |= delete(key, position);
        }
        return removed ? position : null;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        keysOf(newDocument);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        List<Object[]> oldKeys = keysOf(oldDocument);
        List<Object[]> newKeys = keysOf(newDocument);
        if (!sameKeys(oldKeys, newKeys)) {
            oldKeys.forEach(key -> delete(key, position));
            multikey |= newKeys.size() > 1;
            newKeys.forEach(key -> put(key, position));
        }
    }

    @Override
    public boolean canHandle(Document query) {
        return plan(QueryConditions.of(query), null) != null;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        return plan(QueryConditions.of(query), null).positions();
    }

    @Override
    public long getCount() {
        return count;
    }

    @Override
    public long getDataSize() {
        return count;
    }

    @Override
    public void drop() {
        entries.clear();
        leadingCounts.clear();
        count = 0;
        multikey = false;
    }

    boolean isMultikey() {
        return multikey;
    }

    KeyOrder order() {
        return order;
    }

    /** The indexed fields, in the order of the keys' components. */
    List<String> keyNames() {
        return keys();
    }

    /**
     * How this index would serve a query: an equality on each of its first keys, then optionally a list of values or
     * a range on the next one. Null when the query sets no condition on the first key. The scan reads in the order
     * {@code orderBy} asks for (so that a limit can stop it early) when the keys after the equalities are its
     * leading sort fields and every document has one key.
     */
    IndexScan plan(QueryConditions conditions, Document orderBy) {
        List<IndexKey> keys = getKeys();
        Object[] fixed = new Object[keys.size()];
        int equalities = 0;
        while (equalities < keys.size() && conditions.on(keys.get(equalities).getKey()) instanceof Equals equal) {
            fixed[equalities++] = equal.value();
        }
        Condition next = equalities < keys.size() ? conditions.on(keys.get(equalities).getKey()) : null;
        List<IndexScan.Interval> intervals = new ArrayList<>();
        if (next instanceof AnyOf anyOf) {
            for (Object value : anyOf.values()) {
                addInterval(intervals, fixed, equalities, value, value);
            }
        } else if (next instanceof Between between) {
            addInterval(intervals, fixed, equalities, between.lower(), between.upper());
        } else if (equalities == 0) {
            return null;
        } else {
            addInterval(intervals, fixed, equalities, null, null);
        }
        boolean narrowed = next instanceof AnyOf || next instanceof Between;
        return new IndexScan(this, intervals, equalities, narrowed, ordering(orderBy, equalities, intervals.size()),
                next instanceof AnyOf anyOf ? anyOf.values() : null);
    }

    /** Distinct positions of the documents whose keys fall in any of {@code intervals}. */
    Collection<Object> positions(List<IndexScan.Interval> intervals) {
        Collection<Object> positions = intervals.size() == 1 && !multikey ? new ArrayList<>() : new LinkedHashSet<>();
        for (IndexScan.Interval interval : intervals) {
            for (Object held : range(interval, true).values()) {
                positions.addAll(positionsOf(held));
            }
        }
        return positions;
    }

    /** Each key in {@code intervals}, in order, with the position of every document that has it. */
    void forEachEntry(List<IndexScan.Interval> intervals, BiConsumer<Object[], Object> action) {
        for (IndexScan.Interval interval : intervals) {
            for (Map.Entry<Object[], Object> entry : range(interval, true).entrySet()) {
                if (entry.getValue() instanceof PositionSet set) {
                    set.forEach(position -> action.accept(entry.getKey(), position));
                } else {
                    action.accept(entry.getKey(), entry.getValue());
                }
            }
        }
    }

    /** How many distinct documents have keys in any of {@code intervals}. */
    long count(List<IndexScan.Interval> intervals) {
        if (intervals.size() == 1 && isOneKey(intervals.get(0))) {
            // one entry holds each of its documents once, even in a multikey index
            Object held = entries.get(intervals.get(0).low());
            return held == null ? 0 : held instanceof PositionSet set ? set.size() : 1;
        }
        if (intervals.size() != 1 || multikey) {
            return positions(intervals).size();
        }
        if (fixesOnlyTheFirstKey(intervals.get(0))) {
            long[] entriesWithIt = leadingCounts.get(intervals.get(0).low()[0]);
            return entriesWithIt == null ? 0 : entriesWithIt[0];
        }
        long count = 0;
        for (Object held : range(intervals.get(0), true).values()) {
            count += held instanceof PositionSet set ? set.size() : 1;
        }
        return count;
    }

    private static boolean isOneKey(IndexScan.Interval interval) {
        Object[] low = interval.low();
        Object[] high = interval.high();
        for (int i = 0; i < low.length; i++) {
            if (low[i] != high[i] || low[i] == KeyOrder.LOWEST || low[i] == KeyOrder.HIGHEST) {
                return false;
            }
        }
        return true;
    }

    private static boolean fixesOnlyTheFirstKey(IndexScan.Interval interval) {
        Object[] low = interval.low();
        Object[] high = interval.high();
        if (low[0] != high[0] || low[0] == KeyOrder.LOWEST || low[0] == KeyOrder.HIGHEST) {
            return false;
        }
        for (int i = 1; i < low.length; i++) {
            if (low[i] != KeyOrder.LOWEST || high[i] != KeyOrder.HIGHEST) {
                return false;
            }
        }
        return true;
    }

    /** The entries of one interval, in key order or reversed. */
    NavigableMap<Object[], Object> range(IndexScan.Interval interval, boolean forward) {
        NavigableMap<Object[], Object> range = entries.subMap(interval.low(), true, interval.high(), true);
        return forward ? range : range.descendingMap();
    }

    static Collection<Object> positionsOf(Object held) {
        if (held == null) {
            return List.of();
        }
        return held instanceof PositionSet set ? setOf(set) : List.of(held);
    }

    private static Collection<Object> setOf(PositionSet set) {
        List<Object> positions = new ArrayList<>(set.size());
        set.forEach(positions::add);
        return positions;
    }

    /**
     * The number of sort fields this index returns in order after {@code equalities} fixed keys, negative when it
     * reads them backwards, 0 when it cannot serve the sort.
     */
    private int ordering(Document orderBy, int equalities, int intervals) {
        if (orderBy == null || intervals != 1 || multikey) {
            return 0;
        }
        List<String> names = keys();
        int served = 0;
        Boolean forward = null;
        for (Map.Entry<String, Object> sort : orderBy.entrySet()) {
            int position = names.indexOf(sort.getKey());
            if (position >= 0 && position < equalities) {
                continue;
            }
            if (position != equalities + served || !(sort.getValue() instanceof Number direction)) {
                break;
            }
            boolean same = getKeys().get(position).isAscending() == direction.intValue() > 0;
            if (forward != null && forward != same) {
                break;
            }
            forward = same;
            served++;
        }
        return forward == null || forward ? served : -served;
    }

    /**
     * The keys between {@code lower} and {@code upper} (null: open) on the component after the fixed ones, in the
     * index's order, where a descending component puts the upper value first.
     */
    private void addInterval(List<IndexScan.Interval> intervals, Object[] fixed, int equalities, Object lower,
            Object upper) {
        Object[] low = fixed.clone();
        Object[] high = fixed.clone();
        for (int i = equalities; i < low.length; i++) {
            low[i] = KeyOrder.LOWEST;
            high[i] = KeyOrder.HIGHEST;
        }
        if (equalities < low.length) {
            boolean ascending = getKeys().get(equalities).isAscending();
            Object first = ascending ? lower : upper;
            Object last = ascending ? upper : lower;
            low[equalities] = first == null ? KeyOrder.LOWEST : first;
            high[equalities] = last == null ? KeyOrder.HIGHEST : last;
        }
        if (order.compare(low, high) <= 0) {
            intervals.add(new IndexScan.Interval(low, high));
        }
    }

    /** The document's keys; none when a sparse index skips it. */
    List<Object[]> keysOf(Document document) {
        if (isSparse() && keys().stream()
                .allMatch(key -> Utils.getSubdocumentValueCollectionAware(document, key) instanceof Missing)) {
            return List.of();
        }
        Set<KeyValue> values = getKeyValues(document);
        if (values.isEmpty()) {
            return Collections.singletonList(emptyArraysAsNull(document));
        }
        List<Object[]> keys = new ArrayList<>(values.size());
        values.forEach(value -> keys.add(value.stream().toArray()));
        return keys;
    }

    /** The library gives a document with an empty array no key at all; a scan by the other fields must find it. */
    private Object[] emptyArraysAsNull(Document document) {
        return keys().stream().map(key -> Utils.getSubdocumentValueCollectionAware(document, key))
                .map(value -> value instanceof Collection ? null : QueryConditions.normalized(value)).toArray();
    }

    private boolean sameKeys(List<Object[]> a, List<Object[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (order.compare(a.get(i), b.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    private void put(Object[] key, Object position) {
        Object held = entries.get(key);
        if (held == null) {
            entries.put(sharing(key), position);
            counted(key, 1);
        } else if (held instanceof PositionSet set) {
            if (set.add(position)) {
                counted(key, 1);
            }
        } else if (!held.equals(position)) {
            PositionSet set = new PositionSet();
            set.add(held);
            set.add(position);
            entries.put(key, set);
            counted(key, 1);
        }
    }

    private void counted(Object[] key, int change) {
        count += change;
        long[] withLeading = leadingCounts.computeIfAbsent(key[0], k -> new long[1]);
        withLeading[0] += change;
        if (withLeading[0] == 0) {
            leadingCounts.remove(key[0]);
        }
    }

    private boolean delete(Object[] key, Object position) {
        Object held = entries.get(key);
        if (held instanceof PositionSet set) {
            if (!set.remove(position)) {
                return false;
            }
            if (set.size() == 1) {
                entries.put(key, set.any());
            }
        } else if (held != null && held.equals(position)) {
            entries.remove(key);
        } else {
            return false;
        }
        counted(key, -1);
        return true;
    }

    /**
     * A new key takes the values it shares with its neighbour from the neighbour, so that the form id leading a
     * million keys is one string, not a million copies read from a million documents.
     */
    private Object[] sharing(Object[] key) {
        Map.Entry<Object[], Object> neighbour = entries.floorEntry(key);
        if (neighbour == null) {
            neighbour = entries.ceilingEntry(key);
        }
        if (neighbour != null) {
            Object[] near = neighbour.getKey();
            for (int i = 0; i < key.length; i++) {
                if (key[i] != null && key[i].equals(near[i])) {
                    key[i] = near[i];
                }
            }
        }
        return key;
    }
}
