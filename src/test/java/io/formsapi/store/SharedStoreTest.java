package io.formsapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;
import io.formsapi.support.ApiClient;
import io.formsapi.support.StartedApp;
import io.formsapi.support.ApiClient.Reply;

/**
 * With MONGODB_URI set, the API starts nothing embedded and uses that database: two instances pointed at one
 * standalone store see each other's writes.
 */
class SharedStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void twoInstancesShareOneStandaloneStore() {
        try (EmbeddedStore store = EmbeddedStore.start(dataDir, 64, 0);
                ConfigurableApplicationContext a = start(store);
                ConfigurableApplicationContext b = start(store)) {
            assertThat(a.getBeansOfType(EmbeddedStore.class)).isEmpty();
            ApiClient apiA = StartedApp.client(a);
            ApiClient apiB = StartedApp.client(b);
            String email = "shared-" + System.nanoTime() + "@example.com";
            apiA.post("/api/v1/auth/register", null, Map.of("email", email, "name", "S", "password", "long-enough"));
            String token = apiB.post("/api/v1/auth/login", null, Map.of("email", email, "password", "long-enough"))
                    .at("/token").asString();
            Reply created = apiB.post("/api/v1/forms", token, Map.of("title", "Both",
                    "fields", List.of(Map.of("id", "q", "label", "Q", "type", "text"))));
            Reply readOnA = apiA.get("/api/v1/forms/" + created.at("/id").asString(), token);
            assertThat(readOnA.status()).as(readOnA.toString()).isEqualTo(200);
            assertThat(readOnA.at("/title").asString()).isEqualTo("Both");
        }
    }

    private static ConfigurableApplicationContext start(EmbeddedStore store) {
        return new SpringApplicationBuilder(FormsApiApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--MONGODB_URI=" + store.connectionString("forms"));
    }
}
