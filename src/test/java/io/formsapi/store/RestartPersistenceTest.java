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

/** Data written through the API is still there after the whole application, store included, restarts. */
class RestartPersistenceTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestart() {
        String email = "persist-" + System.nanoTime() + "@example.com";
        String formId;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = StartedApp.client(first);
            api.post("/api/v1/auth/register", null, Map.of("email", email, "name", "P", "password", "long-enough"));
            String token = login(api, email);
            Reply form = api.post("/api/v1/forms", token, Map.of("title", "Kept",
                    "fields", List.of(Map.of("id", "q", "label", "Q", "type", "text"))));
            formId = form.at("/id").asString();
            api.post("/api/v1/forms/" + formId + "/publish", token, null);
            assertThat(api.post("/api/v1/forms/" + formId + "/responses", null,
                    Map.of("answers", Map.of("q", "still here"))).status()).isEqualTo(201);
        }
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = StartedApp.client(second);
            String token = login(api, email);
            Reply form = api.get("/api/v1/forms/" + formId, token);
            assertThat(form.status()).isEqualTo(200);
            assertThat(form.at("/status").asString()).isEqualTo("published");
            assertThat(form.at("/responseCount").asLong()).isEqualTo(1);
            Reply responses = api.get("/api/v1/forms/" + formId + "/responses", token);
            assertThat(responses.at("/items/0/answers/q").asString()).isEqualTo("still here");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(FormsApiApplication.class)
                .run("--server.port=0", "--management.server.port=0", "--forms.store.data-dir=" + dataDir);
    }

    private static String login(ApiClient api, String email) {
        Reply login = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "long-enough"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.at("/token").asString();
    }
}
