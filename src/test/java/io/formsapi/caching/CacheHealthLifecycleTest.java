package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;
import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheOutcome;
import io.formsapi.cache.CacheRequest;
import io.formsapi.cache.CacheEngine;
import io.formsapi.cache.CacheType;
import io.formsapi.cache.CacheTypes;
import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.StartedApp;

/**
 * The cache health status through its life: each case runs an application of its own (its own Redis, its own
 * store, its own window), so that what it counts and kills is its own.
 */
class CacheHealthLifecycleTest {

    private static final String HEALTH = "/api/v1/health/cache";

    @TempDir
    Path dataDir;

    @Test
    void warmingAtStartThenHealthyAfterHitsThenDegradedAfterMisses() {
        try (ConfigurableApplicationContext app = start()) {
            StartedApp api = new StartedApp(app);
            Reply fresh = api.client.get(HEALTH, null);
            assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
            assertThat(fresh.at("/status").asString()).isEqualTo("warming");
            assertThat(fresh.at("/window/lookups").asLong()).isLessThan(100);
            assertThat(fresh.at("/window/seconds").asLong()).isEqualTo(300);

            // Reads of one form: two lookups each (the caller's auth context and the cached answer), all hits
            // but the first ones.
            String owner = api.login("Owner");
            String formId = api.form(owner, "Health");
            for (int i = 0; i < 60; i++) {
                assertThat(api.client.get("/api/v1/forms/" + formId, owner).status()).isEqualTo(200);
            }
            Reply healthy = api.client.get(HEALTH, null);
            assertThat(healthy.status()).as(healthy.toString()).isEqualTo(200);
            assertThat(healthy.at("/window/lookups").asLong()).isGreaterThanOrEqualTo(120);
            assertThat(healthy.at("/hit_ratio").asDouble()).isGreaterThan(0.7);
            assertThat(healthy.at("/status").asString()).as(healthy.toString()).isEqualTo("healthy");

            // Lookups of keys never stored: every one a miss.
            long hits = healthy.at("/window/hits").asLong();
            CacheEngine cache = app.getBean(CacheEngine.class);
            CacheKeys keys = app.getBean(CacheKeys.class);
            CacheType type = app.getBean(CacheTypes.class).get("query_result");
            for (int i = 0; i < 3 * hits; i++) {
                CacheRequest<String> request = CacheRequest.of(type, keys.key("health", "miss", "k" + i),
                        String.class);
                assertThat(cache.lookup(request, () -> Optional.of("loaded")).outcome())
                        .isEqualTo(CacheOutcome.MISS);
            }
            Reply degraded = api.client.get(HEALTH, null);
            assertThat(degraded.status()).as(degraded.toString()).isEqualTo(200);
            assertThat(degraded.at("/window/misses").asLong()).isGreaterThanOrEqualTo(3 * hits);
            assertThat(degraded.at("/hit_ratio").asDouble()).isLessThanOrEqualTo(0.7);
            assertThat(degraded.at("/status").asString()).as(degraded.toString()).isEqualTo("degraded");
        }
    }

    @Test
    void theWindowForgetsOldLookupsAndAKilledRedisIsDownWhileTheApiStaysReady() {
        try (ConfigurableApplicationContext app = start("--forms.cache.health.window=3s",
                "--forms.cache.health.bucket=100ms", "--forms.cache.health.min-lookups=20")) {
            StartedApp api = new StartedApp(app);
            String owner = api.login("Owner");
            String formId = api.form(owner, "Health");
            for (int i = 0; i < 20; i++) {
                api.client.get("/api/v1/forms/" + formId, owner);
            }
            Reply recent = api.client.get(HEALTH, null);
            assertThat(recent.at("/window/seconds").asLong()).isEqualTo(3);
            assertThat(recent.at("/window/lookups").asLong()).as(recent.toString()).isPositive();

            Reply forgotten = poll(api, reply -> reply.at("/window/lookups").asLong() == 0);
            assertThat(forgotten.at("/status").asString()).isEqualTo("warming");
            assertThat(forgotten.at("/hit_ratio").isNull()).isTrue();

            app.getBean(RedisServerProcess.class).kill();

            // No request has failed yet, so the breaker is closed: Redis is asked, and refuses at once.
            Reply refused = api.client.get(HEALTH, null);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.at("/status").asString()).isEqualTo("down");
            assertThat(refused.at("/breaker").asString()).isEqualTo("CLOSED");
            assertThat(refused.at("/redis/check").asString()).isEqualTo("failed");
            assertThat(refused.at("/memory_used").isNull()).isTrue();

            // Reads keep working. Failed calls open the breaker: the reads' own, or, when the client noticed the lost
            // connection first and the reads bypassed Redis, the background samples'. From then on Redis is not
            // asked at all.
            for (int i = 0; i < 10; i++) {
                assertThat(api.client.get("/api/v1/forms/" + formId, owner).status()).isEqualTo(200);
            }
            Reply open = poll(api, reply -> "OPEN".equals(reply.at("/breaker").asString()));
            assertThat(open.status()).as(open.toString()).isEqualTo(503);
            assertThat(open.at("/status").asString()).isEqualTo("down");
            assertThat(open.at("/breaker").asString()).isEqualTo("OPEN");
            assertThat(open.at("/redis/check").asString()).isEqualTo("not_asked");
            assertThat(open.at("/errors").asLong()).isPositive();

            Reply readiness = api.client.get("/readyz", null);
            assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
            assertThat(readiness.at("/status").asString()).isEqualTo("UP");
            assertThat(api.client.get("/livez", null).status()).isEqualTo(200);
            Reply overall = api.management.get("/actuator/health", null);
            assertThat(overall.status()).as(overall.toString()).isEqualTo(503);
            assertThat(overall.at("/components/redis/status").asString()).isEqualTo("DOWN");
            assertThat(overall.at("/components/mongo/status").asString()).isEqualTo("UP");
        }
    }

    @Test
    void withCachingDisabledTheCacheIsReportedDisabled() {
        try (ConfigurableApplicationContext app = start("--CACHE_ENABLED=false")) {
            StartedApp api = new StartedApp(app);
            String owner = api.login("Owner");
            String formId = api.form(owner, "Health");
            api.client.get("/api/v1/forms/" + formId, owner);

            Reply disabled = api.client.get(HEALTH, null);
            assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
            assertThat(disabled.at("/status").asString()).isEqualTo("disabled");
            assertThat(disabled.at("/breaker").isNull()).isTrue();
            assertThat(disabled.at("/redis/check").asString()).isEqualTo("not_asked");
            assertThat(disabled.at("/window/lookups").asLong()).isZero();
            assertThat(disabled.at("/hit_ratio").isNull()).isTrue();

            Reply overall = api.management.get("/actuator/health", null);
            assertThat(overall.status()).as(overall.toString()).isEqualTo(200);
            assertThat(overall.at("/components").has("redis")).isFalse();
            assertThat(api.client.get("/readyz", null).status()).isEqualTo(200);
        }
    }

    private ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0", "--forms.store.data-dir=" + dataDir,
                "--forms.cache.warmup.on-startup=false", "--forms.cache.responses.enabled=true"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(FormsApiApplication.class).run(all.toArray(String[]::new));
    }

    private static Reply poll(StartedApp api, Predicate<Reply> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Reply reply = api.client.get(HEALTH, null);
            if (condition.test(reply)) {
                return reply;
            }
            assertThat(System.nanoTime()).as("not reached within 20 s: " + reply).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
