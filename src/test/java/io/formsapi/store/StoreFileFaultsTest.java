package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.formsapi.FormsApiApplication;

/**
 * A damaged data file stops the start with an error that names the file and says what to do, and is left as it
 * was: never an empty store in its place, never a store that quietly lost its latest writes.
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreFileFaultsTest {

    @TempDir
    Path dataDir;

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        Path file = fileWithResponses(5_000);
        byte[] whole = Files.readAllBytes(file);
        byte[] truncated = Arrays.copyOf(whole, whole.length * 9 / 10);
        Files.write(file, truncated);

        assertThatThrownBy(() -> EmbeddedStore.start(dataDir, 16, 0)).isInstanceOf(StoreFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("Restore it from a backup");
        assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
    }

    @Test
    void aFileWhoseHeadersAreOverwrittenIsRefused() throws IOException {
        Path file = fileWithResponses(100);
        byte[] damaged = Files.readAllBytes(file);
        byte[] noise = new byte[8192];
        new Random(5).nextBytes(noise);
        System.arraycopy(noise, 0, damaged, 0, noise.length);
        Files.write(file, damaged);

        assertThatThrownBy(() -> EmbeddedStore.start(dataDir, 16, 0)).isInstanceOf(StoreFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("cannot be read");
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = dataDir.resolve("forms.mv.db");
        Files.createFile(file);

        assertThatThrownBy(() -> EmbeddedStore.start(dataDir, 16, 0)).isInstanceOf(StoreFileException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("is empty");
        assertThat(Files.size(file)).isZero();
    }

    @Test
    void aFileOpenInAnotherStoreIsRefusedAndTheOtherCarriesOn() {
        try (EmbeddedStore first = EmbeddedStore.start(dataDir, 16, 0);
                MongoClient client = MongoClients.create(first.connectionString("forms"))) {
            assertThatThrownBy(() -> EmbeddedStore.start(dataDir, 16, 0)).isInstanceOf(StoreFileException.class)
                    .hasMessageContaining("is open in another process");
            client.getDatabase("forms").getCollection("responses").insertOne(new Document("_id", "after"));
            assertThat(client.getDatabase("forms").getCollection("responses").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void theApplicationStopsWithWhatIsWrongAndWhatToDo(CapturedOutput output) throws IOException {
        Path file = dataDir.resolve("forms.mv.db");
        Files.createFile(file);

        assertThatThrownBy(() -> new SpringApplicationBuilder(FormsApiApplication.class).run("--server.port=0",
                "--management.server.port=0", "--forms.store.data-dir=" + dataDir))
                .hasRootCauseInstanceOf(StoreFileException.class);
        assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                .contains(file + " is empty").contains("Restore it from a backup")
                .doesNotContain("at io.formsapi.store.StoreFile");
    }

    @Test
    void theMemorySettingsReachTheStore() {
        MVStore store = StoreFile.open(dataDir.resolve("forms.mv.db"), 32, 8);
        try {
            assertThat(store.getCacheSize()).isEqualTo(32);
            assertThat(store.getAutoCommitMemory()).isEqualTo(8 * 1024 * 1024);
        } finally {
            store.close();
        }
    }

    private Path fileWithResponses(int count) {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, 16, 0);
                MongoClient client = MongoClients.create(store.connectionString("forms"))) {
            MongoCollection<Document> responses = client.getDatabase("forms").getCollection("responses");
            responses.createIndex(Indexes.ascending("formId"), new IndexOptions().name("by_form"));
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(new Document("_id", "r" + i).append("formId", "f" + i % 7).append("text", "x".repeat(500)));
                if (batch.size() == 500) {
                    responses.insertMany(batch);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                responses.insertMany(batch);
            }
        }
        return dataDir.resolve("forms.mv.db");
    }
}
