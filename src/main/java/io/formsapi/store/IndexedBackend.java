package io.formsapi.store;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;

/**
 * The H2 backend whose databases use their secondary indexes ({@link IndexedDatabase}), and whose replies are
 * written by {@link ReplyEncoder}.
 */
final class IndexedBackend extends H2Backend {

    /** Set after the library's constructor has opened the databases already in the store. */
    private Keeping keeping;

    /**
     * The library's constructor opens every database in the store but logs and skips one that fails to open; each
     * is opened again here, so that such a failure ends the start-up instead of leaving an empty database.
     *
     * @param keeping how much of what it read each collection keeps
     */
    IndexedBackend(MVStore store, Keeping keeping) {
        super(store);
        this.keeping = keeping;
        store.getMapNames().stream().filter(name -> name.startsWith(IndexedDatabase.DATA_MAP_PREFIX))
                .map(name -> name.substring(IndexedDatabase.DATA_MAP_PREFIX.length()))
                .map(Utils::firstFragment).distinct().map(this::resolveDatabase)
                .forEach(database -> ((IndexedDatabase) database).keep(keeping));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName, getMvStore(), getCursorRegistry(),
                keeping != null ? keeping : Keeping.NONE);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        ReplyEncoder.install(message.getChannel());
        return super.handleMessage(message);
    }
}
