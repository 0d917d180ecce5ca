package io.formsapi.store;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

/**
 * The store behaviour suite against the real MongoDB that MONGODB_URI names (a replica set or a single server),
 * with the indexes there, compared with the embedded store's full scans: the same queries give the same answers in
 * both. Skipped, and said so, when MONGODB_URI is not set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoDbStoreBehaviourTest extends StoreBehaviourSuite {

    private static final Logger log = LoggerFactory.getLogger(MongoDbStoreBehaviourTest.class);
    private static final String NOT_SET = "MONGODB_URI is not set: the store behaviour suite runs against the "
            + "embedded store only";

    private MongoClient client;
    private String databaseName;
    private EmbeddedStore reference;
    private MongoClient referenceClient;

    @BeforeAll
    void connect(@TempDir Path dataDir) {
        String uri = System.getenv("MONGODB_URI");
        if (uri == null || uri.isBlank()) {
            log.warn(NOT_SET);
            return;
        }
        ConnectionString connection = new ConnectionString(uri);
        databaseName = connection.getDatabase() == null ? "forms" : connection.getDatabase();
        client = MongoClients.create(connection);
        reference = EmbeddedStore.start(dataDir, 64, 0);
        referenceClient = MongoClients.create(reference.connectionString("forms"));
        log.info("Store behaviour suite against {} (hosts {})", databaseName, connection.getHosts());
    }

    @AfterAll
    void disconnect() {
        if (client != null) {
            client.close();
            referenceClient.close();
            reference.close();
        }
    }

    @Override
    protected MongoDatabase database() {
        Assumptions.assumeTrue(client != null, NOT_SET);
        return client.getDatabase(databaseName);
    }

    @Override
    protected MongoDatabase referenceDatabase() {
        return referenceClient.getDatabase("forms");
    }
}
