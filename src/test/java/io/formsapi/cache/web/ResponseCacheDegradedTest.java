package io.formsapi.cache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.formsapi.FormsApiApplication;
import io.formsapi.cache.CacheEngine;
import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.store.EmbeddedStore;
import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.Await;
import io.formsapi.support.StartedApp;

/**
 * The response cache when something is missing: caching switched off, Redis killed, the database gone. Each case
 * runs an application of its own, so that the other tests keep their Redis and their store.
 */
class ResponseCacheDegradedTest {

    @TempDir
    Path dataDir;

    @Test
    void withCachingDisabledEveryAnswerIsTheHandlersAndMarkedBypass() {
        try (ConfigurableApplicationContext app = start("--CACHE_ENABLED=false")) {
            assertThat(app.getBeansOfType(RedisServerProcess.class)).isEmpty();
            StartedApp api = new StartedApp(app);
            String owner = api.login("Owner");
            String formId = api.form(owner, "Degraded");
            String path = "/api/v1/forms/" + formId;

            Reply first = api.client.get(path, owner);
            Reply second = api.client.get(path, owner);
            assertThat(first.status()).isEqualTo(200);
            assertThat(List.of(first.header("X-Cache"), second.header("X-Cache"))).containsOnly("BYPASS");
            assertThat(second.raw()).isEqualTo(first.raw());
            assertThat(second.header("ETag")).isEqualTo(first.header("ETag")).isNotNull();
            Reply notModified = api.client.get(path, owner, Map.of("If-None-Match", first.header("ETag")));
            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.header("X-Cache")).isEqualTo("BYPASS");

            assertThat(api.client.post(path + "/publish", owner, null).status()).isEqualTo(200);
            Reply published = api.client.get(path, owner);
            assertThat(published.at("/status").asString()).isEqualTo("published");
            assertThat(published.header("X-Cache")).isEqualTo("BYPASS");
            Reply publicForm = api.client.get(path + "/public", null);
            assertThat(publicForm.status()).isEqualTo(200);
            assertThat(publicForm.header("X-Cache")).isEqualTo("BYPASS");
            assertThat(api.client.get(path, api.login("Stranger")).status()).isEqualTo(404);
        }
    }

    @Test
    void withCachingDisabledAFormsResponsesAndAWidgetsFiguresAreReadWithOneReadOfTheForm() {
        try (ConfigurableApplicationContext app = start("--CACHE_ENABLED=false")) {
            StartedApp api = new StartedApp(app);
            String owner = api.login("Owner");
            String formId = api.client.post("/api/v1/forms", owner, Map.of("title", "Read once", "fields",
                    List.of(Map.of("id", "rating", "label", "Rating", "type", "rating")))).at("/id").asString();
            String widgetId = api.client.post("/api/v1/dashboard/widgets", owner, Map.of("formId", formId,
                    "type", "numeric_stats", "fieldId", "rating")).at("/id").asString();
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            // The response cache's admission check and then the handler check access to the form; a widget's
            // figures check its field after the widget's own check.
            for (String read : List.of("/api/v1/forms/" + formId + "/responses",
                    "/api/v1/forms/" + formId + "/search?q=pizza", "/api/v1/dashboard/widgets/" + widgetId)) {
                long before = formReads(registry);
                assertThat(api.client.get(read, owner).status()).as(read).isEqualTo(200);
                assertThat(formReads(registry) - before).as(read).isEqualTo(1);
            }
            assertThat(api.client.get("/api/v1/forms/" + formId + "/responses", api.login("Stranger")).status())
                    .isEqualTo(404);
        }
    }

    private static long formReads(MeterRegistry registry) {
        return registry.find("mongodb.driver.commands").tag("collection", "forms").tag("command", "find").timers()
                .stream().mapToLong(Timer::count).sum();
    }

    @Test
    void aKilledRedisIsBypassedAndAnswersStayCorrect() {
        try (ConfigurableApplicationContext app = start()) {
            StartedApp api = new StartedApp(app);
            String owner = api.login("Owner");
            String stranger = api.login("Stranger");
            String formId = api.form(owner, "Degraded");
            String path = "/api/v1/forms/" + formId;
            Reply miss = api.client.get(path, owner);
            assertThat(miss.header("X-Cache")).isEqualTo("MISS");
            assertThat(api.client.get(path, owner).header("X-Cache")).isEqualTo("HIT");

            app.getBean(RedisServerProcess.class).kill();

            // The instance learns of the lost connections a moment after the process is gone; until then its near
            // cache may still answer, with what Redis last held.
            Await.until(() -> {
                Reply answer = api.client.get(path, owner);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.raw()).isEqualTo(miss.raw());
                return "BYPASS".equals(answer.header("X-Cache"));
            });
            Reply bypassed = api.client.get(path, owner);
            assertThat(bypassed.status()).isEqualTo(200);
            assertThat(bypassed.header("X-Cache")).isEqualTo("BYPASS");
            assertThat(bypassed.raw()).isEqualTo(miss.raw());
            assertThat(bypassed.header("ETag")).isEqualTo(miss.header("ETag"));
            Reply head = api.client.head(path, owner);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("X-Cache")).as("a HEAD says Redis was not used").isEqualTo("BYPASS");
            assertThat(api.client.get(path, stranger).status()).isEqualTo(404);
            assertThat(api.client.get(path, "not-a-token").status()).isEqualTo(401);

            assertThat(api.client.post(path + "/publish", owner, null).status()).isEqualTo(200);
            Reply published = api.client.get(path, owner);
            assertThat(published.status()).isEqualTo(200);
            assertThat(published.header("X-Cache")).isEqualTo("BYPASS");
            assertThat(published.at("/status").asString()).isEqualTo("published");
            Reply publicForm = api.client.get(path + "/public", null);
            assertThat(publicForm.status()).isEqualTo(200);
            assertThat(publicForm.header("X-Cache")).isEqualTo("BYPASS");
        }
    }

    @Test
    void whenTheDatabaseIsGoneTheLastStoredPublicFormIsServedStale() {
        EmbeddedStore store = EmbeddedStore.start(dataDir.resolve("store"), 16, 0);
        try (store; ConfigurableApplicationContext app = start("--MONGODB_URI=" + store.connectionString("forms")
                + "?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=3000")) {
            StartedApp api = new StartedApp(app);
            String owner = api.login("Owner");
            String formId = api.form(owner, "Degraded");
            String path = "/api/v1/forms/" + formId;
            assertThat(api.client.post(path + "/publish", owner, null).status()).isEqualTo(200);
            Reply stored = api.client.get(path + "/public", null);
            assertThat(stored.header("X-Cache")).isEqualTo("MISS");
            assertThat(api.client.get(path, owner).header("X-Cache")).isEqualTo("MISS");
            // A write just before the outage made both entries stale.
            app.getBean(CacheEngine.class).invalidateTags("form:" + formId);

            store.close();

            Reply stale = api.client.get(path + "/public", null);
            assertThat(stale.status()).as(stale.toString()).isEqualTo(200);
            assertThat(stale.header("X-Cache")).isEqualTo("STALE");
            assertThat(stale.raw()).isEqualTo(stored.raw());
            assertThat(stale.header("ETag")).isEqualTo(stored.header("ETag"));
            // The caller is still recognised (their auth context is cached), but a per-caller answer is never
            // served stale: it may predate a permission change.
            Reply perCaller = api.client.get(path, owner);
            assertThat(perCaller.status()).isEqualTo(503);
            assertThat(perCaller.at("/type").asString()).endsWith("database-unavailable");
            assertThat(perCaller.header("X-Cache")).isNotEqualTo("STALE");
            Reply unknown = api.client.get("/api/v1/forms/0123456789abcdef01234567/public", null);
            assertThat(unknown.status()).as("nothing was stored for this form").isEqualTo(503);
            assertThat(unknown.header("X-Cache")).isEqualTo("MISS");
        }
    }

    private ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0", "--forms.store.data-dir=" + dataDir,
                "--forms.cache.responses.enabled=true"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(FormsApiApplication.class).run(all.toArray(String[]::new));
    }
}
