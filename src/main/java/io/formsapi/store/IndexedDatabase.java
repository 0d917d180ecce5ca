package io.formsapi.store;

import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;

/**
 * The H2 backend's database with real secondary indexes ({@link SecondaryIndex}, where the library ignores them)
 * in {@link IndexedCollection}s. Unique indexes (the id among them) stay the library's, persisted in the store
 * file.
 */
final class IndexedDatabase extends H2Database {

    /** The names H2Database gives a collection's maps, so that files written without these indexes still open. */
    private static final String DATA_MAP_PREFIX = "databases.";
    private static final String META_MAP_PREFIX = "meta.";

    private final MVStore store;
    private final List<IndexedCollection> opening = new ArrayList<>();
    private boolean open;

    IndexedDatabase(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
        super.initializeNamespacesAndIndexes();
        opening.forEach(IndexedCollection::buildDeferredIndexes);
        opening.clear();
        open = true;
    }

    /**
     * The super constructor calls this before the fields above are set, and opening collections needs the store;
     * the constructor calls the library's version once they are.
     */
    @Override
    protected void initializeNamespacesAndIndexes() {
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        IndexedCollection collection = new IndexedCollection(this, collectionName, options,
                store.openMap(DATA_MAP_PREFIX + fullName), store.openMap(META_MAP_PREFIX + fullName), cursorRegistry,
                !open);
        if (!open) {
            opening.add(collection);
        }
        return collection;
    }

    /** Positions in an H2 collection are the documents' ids (H2Collection.addDocumentInternal). */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return new SecondaryIndex(indexName, keys, sparse, document -> document.get("_id"));
    }
}
