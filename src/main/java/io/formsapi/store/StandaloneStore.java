package io.formsapi.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded store on its own so that several API instances can share it:
 * {@code ./mvnw spring-boot:run -Dspring-boot.run.main-class=io.formsapi.store.StandaloneStore
 * -Dspring-boot.run.arguments="27018 ./data"}, then start each API with
 * {@code MONGODB_URI=mongodb://127.0.0.1:27018/forms}.
 */
public final class StandaloneStore {

    private StandaloneStore() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        Path dataDir = Path.of(args.length > 1 ? args[1] : "./data");
        int cacheSizeMb = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int writeBufferMb = args.length > 3 ? Integer.parseInt(args[3])
                : Integer.parseInt(StoreProperties.DEFAULT_WRITE_BUFFER_MB);
        int documentCacheSize = args.length > 4 ? Integer.parseInt(args[4])
                : Integer.parseInt(StoreProperties.DEFAULT_DOCUMENT_CACHE_SIZE);
        int keptRows = args.length > 5 ? Integer.parseInt(args[5])
                : Integer.parseInt(StoreProperties.DEFAULT_KEPT_ROWS);
        EmbeddedStore store;
        try {
            store = EmbeddedStore.start(
                    new StoreProperties(dataDir, cacheSizeMb, writeBufferMb, port, documentCacheSize, keptRows));
        } catch (StoreFileException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            store.close();
            stopped.countDown();
        }, "store-shutdown"));
        System.out.println("Embedded store ready: " + store.connectionString(EmbeddedStoreConfiguration.DATABASE));
        stopped.await();
    }
}
