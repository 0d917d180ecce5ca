package io.formsapi.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoServer;

/**
 * A MongoDB wire-protocol server persisted in one H2 MVStore file, listening on loopback. The API reaches it
 * through the official driver exactly as it reaches a real MongoDB.
 */
public final class EmbeddedStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);
    private static final String FILE_NAME = "forms.mv.db";

    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedStore(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** A store with the default write buffer. */
    public static EmbeddedStore start(Path dataDir, int cacheSizeMb, int port) {
        return start(new StoreProperties(dataDir, cacheSizeMb,
                Integer.parseInt(StoreProperties.DEFAULT_WRITE_BUFFER_MB), port,
                Integer.parseInt(StoreProperties.DEFAULT_DOCUMENT_CACHE_SIZE),
                Integer.parseInt(StoreProperties.DEFAULT_KEPT_ROWS)));
    }

    public static EmbeddedStore start(StoreProperties properties) {
        Path file = properties.dataDir().toAbsolutePath().normalize().resolve(FILE_NAME);
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + file.getParent(), e);
        }
        MVStore store = StoreFile.open(file, properties.cacheSizeMb(), properties.writeBufferMb());
        IndexedBackend backend;
        try {
            backend = new IndexedBackend(store, Keeping.of(properties));
        } catch (RuntimeException e) {
            // Opening reads every document of an indexed collection; a page that cannot be read fails it here.
            store.closeImmediately();
            throw StoreFile.refusal(file, e);
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", properties.port());
        InetSocketAddress address = server.getLocalAddress();
        log.info("Embedded store listening on {}:{}, data in {}, cache {} MB, write buffer {} MB, {} documents and {}"
                + " rows of scans kept per collection", address.getHostString(), address.getPort(), file,
                properties.cacheSizeMb(), properties.writeBufferMb(), properties.documentCacheSize(),
                properties.keptRows());
        return new EmbeddedStore(server, address);
    }

    public int port() {
        return address.getPort();
    }

    public String connectionString(String database) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
    }

    /** Stops listening and closes the backend, which writes the MVStore to disk. */
    @Override
    public void close() {
        server.shutdownNow();
        log.info("Embedded store on port {} stopped", address.getPort());
    }
}
