package io.formsapi.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;

/**
 * A unique index (the id's among them) with the library's own semantics ({@link AbstractUniqueIndex}: normalised
 * keys, duplicate-key errors, lookups by equality or {@code $in}) held in memory and rebuilt when the store opens.
 * The H2 backend keeps them in an MVStore map whose keys it can only compare by serialising both, which made every
 * insert and every read by id cost tens of serialisations.
 */
final class UniqueIndex extends AbstractUniqueIndex<Object> {

    private final Map<KeyValue, Object> positions = new HashMap<>();

    UniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    protected synchronized Object removeDocument(KeyValue keyValue) {
        return positions.remove(keyValue);
    }

    @Override
    protected synchronized boolean putKeyPosition(KeyValue keyValue, Object position) {
        return positions.putIfAbsent(keyValue, position) == null;
    }

    @Override
    protected synchronized Iterable<Entry<KeyValue, Object>> getIterable() {
        return List.copyOf(positions.entrySet());
    }

    @Override
    protected synchronized Object getPosition(KeyValue keyValue) {
        return positions.get(keyValue);
    }

    @Override
    public synchronized long getCount() {
        return positions.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void drop() {
        positions.clear();
    }
}
