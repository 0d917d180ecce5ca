package io.formsapi.bench.targets;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The store as it was before the API's indexes: mongo-java-server's own H2 backend, which ignores secondary indexes
 * and scans, on the same data file. For the "before" side of the store rows only:
 * {@code java -cp benchmarks.jar io.formsapi.bench.targets.LibraryStore <port> <data directory>}.
 */
public final class LibraryStore {

    private LibraryStore() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]).resolve("forms.mv.db");
        MongoServer server = new MongoServer(new H2Backend(new MVStore.Builder().fileName(file.toString())
                .cacheSize(256).open()));
        server.bind("127.0.0.1", port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stopped.countDown();
        }, "store-shutdown"));
        System.out.println("Library store ready on port " + port);
        stopped.await();
    }
}
