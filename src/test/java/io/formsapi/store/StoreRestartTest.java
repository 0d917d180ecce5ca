package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;

/**
 * The standalone store is a process of its own: stopped with SIGTERM, as a service manager stops it, right after
 * its last acknowledged write, it shuts down cleanly, and the next process on the same files has every write.
 */
class StoreRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void acknowledgedWritesArePresentAfterTheProcessIsStoppedAndStartedAgain() throws Exception {
        List<Document> written;
        List<Object> newestOfA;
        Process first = startStandalone();
        try (MongoClient client = MongoClients.create(uri(first))) {
            MongoCollection<Document> responses = client.getDatabase("forms").getCollection("responses");
            responses.createIndex(Indexes.compoundIndex(Indexes.ascending("formId"), Indexes.descending("submittedAt")),
                    new IndexOptions().name("by_form_newest"));
            for (int batch = 0; batch < 10; batch++) {
                List<Document> documents = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int n = batch * 300 + i;
                    documents.add(new Document("_id", String.format("r%05d", n)).append("formId", "f" + n % 3)
                            .append("submittedAt", n).append("text", "answer " + n));
                }
                responses.insertMany(documents);
            }
            responses.updateMany(Filters.eq("formId", "f1"), Updates.set("seen", true));
            responses.deleteMany(Filters.lt("submittedAt", 100));
            responses.insertOne(new Document("_id", "last").append("formId", "f0").append("submittedAt", 9_999));
            written = responses.find().sort(new Document("_id", 1)).into(new ArrayList<>());
            newestOfA = ids(responses.find(Filters.eq("formId", "f0")).sort(new Document("submittedAt", -1)).limit(5));
        } finally {
            first.destroy();
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the store stops on SIGTERM").isTrue();

        Process second = startStandalone();
        try (MongoClient client = MongoClients.create(uri(second))) {
            MongoCollection<Document> responses = client.getDatabase("forms").getCollection("responses");
            assertThat(written).hasSize(2_901);
            assertThat(responses.find().sort(new Document("_id", 1)).into(new ArrayList<>())).isEqualTo(written);
            assertThat(ids(responses.find(Filters.eq("formId", "f0")).sort(new Document("submittedAt", -1)).limit(5)))
                    .isEqualTo(newestOfA).startsWith("last");
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private Process startStandalone() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StandaloneStore.class.getName(),
                String.valueOf(freePort()), dataDir.toString(), "16").redirectErrorStream(true).start();
    }

    /** Waits for the line the store prints once it listens, and returns the connection string it names. */
    private static String uri(Process process) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            StringBuilder output = new StringBuilder();
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("Embedded store ready: ")) {
                        return line.substring("Embedded store ready: ".length());
                    }
                    output.append(line).append('\n');
                }
                throw new IllegalStateException("the store ended before it was ready:\n" + output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        // keep draining its output, so that it never blocks on a full pipe
        CompletableFuture.runAsync(() -> lines.lines().forEach(line -> { }));
        return ready;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }
}
