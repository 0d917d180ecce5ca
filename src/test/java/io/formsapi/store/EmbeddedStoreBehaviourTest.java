package io.formsapi.store;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/** The store behaviour suite against the embedded store, through the driver as the API reaches it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedStoreBehaviourTest extends StoreBehaviourSuite {

    private EmbeddedStore store;
    private MongoClient client;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        store = EmbeddedStore.start(dataDir, 64, 0);
        client = MongoClients.create(store.connectionString("forms"));
    }

    @AfterAll
    void stop() {
        client.close();
        store.close();
    }

    @Override
    protected MongoDatabase database() {
        return client.getDatabase("forms");
    }
}
