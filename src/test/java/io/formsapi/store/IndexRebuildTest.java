package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The secondary indexes answer queries and aggregations (a document stored behind their back is not found through
 * them), and they are rebuilt from the stored documents when the store opens (after which it is), so an index that
 * disagrees with its collection is never trusted across a restart. Files move between the library's plain H2
 * backend and this one with their data.
 */
class IndexRebuildTest {

    @TempDir
    Path dataDir;

    @Test
    void queriesAreAnsweredFromTheIndexWhichIsRebuiltWhenTheStoreOpens() {
        Path file = dataDir.resolve("forms.mv.db");
        withStore(file, (store, responses) -> {
            responses.createIndex(Indexes.compoundIndex(Indexes.ascending("formId"), Indexes.descending("submittedAt")),
                    new IndexOptions().name("by_form_newest"));
            for (int i = 0; i < 10; i++) {
                responses.insertOne(new Document("_id", "r" + i).append("formId", i % 2 == 0 ? "a" : "b")
                        .append("submittedAt", i));
            }
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> stored = store.openMap("databases.forms.responses");
            stored.put("unindexed", new de.bwaldvogel.mongo.bson.Document("_id", "unindexed").append("formId", "a")
                    .append("submittedAt", 100));

            assertThat(ids(responses.find(Filters.eq("formId", "a")))).containsExactlyInAnyOrder("r0", "r2", "r4",
                    "r6", "r8");
            assertThat(responses.countDocuments(Filters.eq("formId", "a"))).isEqualTo(5);
            assertThat(responses.aggregate(List.of(new Document("$match", new Document("formId", "a")),
                    new Document("$match", new Document("submittedAt", new Document("$gte", 4))),
                    new Document("$group", new Document("_id", "$formId").append("n", new Document("$sum", 1)))))
                    .first()).isEqualTo(new Document("_id", "a").append("n", 3));
            assertThat(ids(responses.find(Filters.regex("formId", "^a$")))).as("a full scan").contains("unindexed");
            assertThat(responses.countDocuments(Filters.regex("formId", "^a$"))).as("a full scan").isEqualTo(6);
        });
        withStore(file, (store, responses) -> {
            assertThat(ids(responses.find(Filters.eq("formId", "a")).sort(new Document("submittedAt", -1)).limit(2)))
                    .containsExactly("unindexed", "r8");
            assertThat(responses.countDocuments(Filters.eq("formId", "a"))).isEqualTo(6);
        });
    }

    @Test
    void filesMoveBetweenThePlainBackendAndThisOneWithTheirData() {
        Path file = dataDir.resolve("forms.mv.db");
        withPlainStore(file, responses -> {
            responses.createIndex(Indexes.ascending("formId"), new IndexOptions().name("by_form"));
            responses.insertOne(new Document("_id", "kept").append("formId", "a"));
        });
        withStore(file, (store, responses) -> {
            assertThat(ids(responses.find(Filters.eq("formId", "a")))).containsExactly("kept");
            assertThat(ids(responses.find(Filters.eq("_id", "kept")))).containsExactly("kept");
            assertThatThrownBy(() -> responses.insertOne(new Document("_id", "kept")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            responses.insertOne(new Document("_id", "added").append("formId", "a"));
        });
        // the unique index the plain backend kept in the file was removed, so it builds a fresh one
        withPlainStore(file, responses -> {
            assertThat(ids(responses.find(Filters.eq("_id", "added")))).containsExactly("added");
            assertThatThrownBy(() -> responses.insertOne(new Document("_id", "added")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        });
    }

    private static void withPlainStore(Path file, Consumer<MongoCollection<Document>> use) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        MongoServer plain = new MongoServer(new H2Backend(store));
        try (MongoClient client = MongoClients.create(uri(plain))) {
            use.accept(client.getDatabase("forms").getCollection("responses"));
        } finally {
            plain.shutdownNow();
        }
    }

    private interface StoreUse {
        void accept(MVStore store, MongoCollection<Document> responses);
    }

    private static void withStore(Path file, StoreUse use) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        MongoServer server = new MongoServer(new IndexedBackend(store, new Keeping(1_000, 1_000)));
        try (MongoClient client = MongoClients.create(uri(server))) {
            use.accept(store, client.getDatabase("forms").getCollection("responses"));
        } finally {
            server.shutdownNow();
        }
    }

    private static String uri(MongoServer server) {
        server.bind("127.0.0.1", 0);
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }
}
