package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;
import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheAdministration;
import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.store.EmbeddedStore;
import io.formsapi.support.ApiClient;
import io.formsapi.support.StartedApp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** After a restart with a cold Redis, warming loads the top forms before the first request asks for them. */
class WarmupTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext instance(EmbeddedStore store, RedisServerProcess redis, boolean warm) {
        return new SpringApplicationBuilder(FormsApiApplication.class).run("--server.port=0", "--management.server.port=0",
                "--MONGODB_URI=" + store.connectionString("forms"), "--REDIS_HOST=" + redis.host(),
                "--REDIS_PORT=" + redis.port(), "--forms.cache.warmup.on-startup=" + warm,
                "--forms.cache.warmup.blocking=true");
    }

    @Test
    void aRestartWithAColdRedisWarmsTheTopFormsFirst() {
        try (RedisServerProcess redis = RedisServerProcess.start(0, List.of());
                EmbeddedStore store = EmbeddedStore.start(dataDir, 64, 0)) {
            String token;
            String topForm;
            try (ConfigurableApplicationContext first = instance(store, redis, false)) {
                ApiClient api = StartedApp.client(first);
                api.post("/api/v1/auth/register", null,
                        Map.of("email", "warm@example.com", "name", "W", "password", "long-enough"));
                token = api.post("/api/v1/auth/login", null,
                        Map.of("email", "warm@example.com", "password", "long-enough")).at("/token").asString();
                topForm = form(api, token, 5);
                form(api, token, 1);
            }
            flush(redis);

            try (ConfigurableApplicationContext second = instance(store, redis, true)) {
                String schemaKey = second.getBean(CacheKeys.class).key("form", "schema", topForm);
                assertThat(exists(redis, schemaKey)).as("warmed before the first request").isTrue();
                CacheAdministration cache = second.getBean(CacheAdministration.class);
                long loadsBefore = cache.stats().types().get("form_schema").loads();
                long hitsBefore = cache.stats().types().get("form_schema").hits();
                assertThat(StartedApp.client(second).get("/api/v1/forms/" + topForm, token).status()).isEqualTo(200);
                assertThat(cache.stats().types().get("form_schema").hits()).isGreaterThan(hitsBefore);
                assertThat(cache.stats().types().get("form_schema").loads()).isEqualTo(loadsBefore);

                try (ConfigurableApplicationContext third = instance(store, redis, false);
                        CacheAdministration.Exclusive warming = cache.tryExclusive("warmup", Duration.ofMinutes(1))
                                .orElseThrow()) {
                    WarmupReport other = third.getBean(CacheWarmup.class).run();
                    assertThat(other.skipped()).as("another instance is warming").isNotNull();
                }
                assertThat(second.getBean(CacheWarmup.class).run().skipped()).isNull();
            }
        }
    }

    private static String form(ApiClient api, String token, int responses) {
        String formId = api.post("/api/v1/forms", token, Map.of("title", "Popular",
                "fields", List.of(Map.of("id", "q", "label", "Q", "type", "text")))).at("/id").asString();
        api.post("/api/v1/forms/" + formId + "/publish", token, null);
        for (int i = 0; i < responses; i++) {
            api.post("/api/v1/forms/" + formId + "/responses", null, Map.of("answers", Map.of("q", "a" + i)));
        }
        return formId;
    }

    private static void flush(RedisServerProcess redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushall();
        } finally {
            client.shutdown();
        }
    }

    private static boolean exists(RedisServerProcess redis, String key) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().exists(key) == 1;
        } finally {
            client.shutdown();
        }
    }
}
