package io.formsapi.store;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** The H2 backend whose databases use their secondary indexes ({@link IndexedDatabase}). */
final class IndexedBackend extends H2Backend {

    IndexedBackend(MVStore store) {
        super(store);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName, getMvStore(), getCursorRegistry());
    }
}
