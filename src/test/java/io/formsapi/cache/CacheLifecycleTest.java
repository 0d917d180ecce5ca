package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.SharedBackend;
import io.formsapi.support.StartedApp;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A stopped application (closing, or paused: the test framework pauses the cached contexts it is not using) stops
 * the cache's own work on Redis before the connection factory stops, so that nothing the factory refuses in the
 * meantime counts as a Redis failure; restarted, it answers from the cache at once, and from its near cache again
 * once it hears the version feed.
 */
class CacheLifecycleTest {

    @TempDir
    static Path dataDir;

    @Test
    void aPauseNeitherOpensTheBreakerNorLeavesTheCacheBypassed() throws InterruptedException {
        try (SharedBackend backend = SharedBackend.start(dataDir, List.of())) {
            // Redis sampled every 50 ms: a paused instance that kept sampling would open its breaker within 0.3 s.
            ConfigurableApplicationContext app = backend.instance("--forms.cache.breaker.health-check-interval=50ms",
                    "--forms.cache.breaker.probe-interval=50ms");
            StartedApp started = new StartedApp(app);
            String token = started.login("Pauser");
            String formId = started.form(token, "Paused");
            assertThat(started.client.post("/api/v1/forms/" + formId + "/publish", token, null).status())
                    .isEqualTo(200);
            String path = "/api/v1/forms/" + formId + "/public";
            started.client.get(path, null);
            assertThat(started.client.get(path, null).header("X-Cache")).isEqualTo("HIT");
            CacheEngine engine = app.getBean(CacheEngine.class);
            engine.awaitWrites(Duration.ofSeconds(5));

            app.pause();
            Thread.sleep(1_000);
            assertThat(engine.redisAvailable()).as("the breaker stayed closed through the pause").isTrue();
            app.restart();

            Reply afterRestart = started.client.get(path, null);
            assertThat(afterRestart.status()).isEqualTo(200);
            assertThat(afterRestart.header("X-Cache")).isEqualTo("HIT");
            assertThat(app.getBean(CacheAdministration.class).stats().breaker()).isEqualTo(BreakerState.CLOSED);
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            NearCacheProbe.awaitLive(registry);
            NearCacheProbe.untilServedNear(registry, () -> started.client.get(path, null));
        }
    }
}
