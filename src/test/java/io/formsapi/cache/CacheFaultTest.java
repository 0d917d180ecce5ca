package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.formsapi.support.Await;

/**
 * Redis killed, paused, restarted, full: callers always get the loader's correct value, the breaker opens and
 * closes, and an invalidation that could not be delivered is never forgotten.
 */
class CacheFaultTest {

    record Value(String text) {
    }

    private CacheFixture redis;

    @AfterEach
    void stop() {
        redis.close();
    }

    private CacheComponents start(List<String> serverSettings) {
        redis = new CacheFixture(serverSettings);
        return redis.cache();
    }

    private CacheRequest<Value> request(CacheComponents cache, String id) {
        CacheProperties properties = CacheFixture.properties(CacheFixture.defaultTypes());
        return CacheRequest.of(new CacheTypes(properties).get("form_schema"),
                new CacheKeys(properties).key("form", "schema", id), Value.class, "form:" + id);
    }

    @Test
    void aKilledRedisIsBypassedAndUsedAgainOnceRestarted() {
        CacheComponents cache = start(List.of());
        CacheRequest<Value> request = request(cache, "k1");
        assertThat(cache.engine().getWithFallback(request, () -> new Value("v1")).text()).isEqualTo("v1");

        redis.server.kill();
        for (int i = 0; i < 20; i++) {
            String expected = "db" + i;
            assertThat(cache.engine().getWithFallback(request, () -> new Value(expected)).text()).isEqualTo(expected);
        }
        // Open once calls failed, or recovering when the client's reconnection held the cache back first.
        assertThat(cache.administration().stats().breaker()).isIn(BreakerState.OPEN, BreakerState.RECOVERING);
        assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("x"))).outcome())
                .isEqualTo(CacheOutcome.BYPASS);

        redis.server.restart();
        Await.until(() -> BreakerState.CLOSED.equals(cache.administration().stats().breaker()));
        Cached<Value> afterRestart = cache.engine().lookup(request, () -> Optional.of(new Value("fresh")));
        assertThat(afterRestart.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("unused"))).value().orElseThrow().text())
                .isEqualTo("fresh");
    }

    @Test
    void aPausedRedisIsBypassedWithoutFailingCallers() {
        CacheComponents cache = start(List.of());
        CacheRequest<Value> request = request(cache, "p1");
        cache.engine().getWithFallback(request, () -> new Value("cached"));

        // Well beyond the five timed-out calls (0.8 s each) that open the breaker, so that the pause has not ended,
        // and the background probe closed it again, by the time the test looks.
        redis.pause(Duration.ofSeconds(8));
        for (int i = 0; i < 10; i++) {
            String expected = "db" + i;
            assertThat(cache.engine().getWithFallback(request(cache, "p" + (i + 2)), () -> new Value(expected)).text())
                    .isEqualTo(expected);
        }
        assertThat(cache.administration().stats().breaker()).isEqualTo(BreakerState.OPEN);
        Await.until(() -> BreakerState.CLOSED.equals(cache.administration().stats().breaker()));
        assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("unused"))).value().orElseThrow().text())
                .isEqualTo("cached");
    }

    @Test
    void aFullRedisNeverFailsACaller() {
        CacheComponents cache = start(List.of("--maxmemory", "2mb", "--maxmemory-policy", "noeviction"));
        byte[] filler = new byte[64 * 1024];
        int written = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                int n = i;
                redis.redis(c -> c.stringCommands().set(("filler:" + n).getBytes(), filler));
                written++;
            }
        } catch (RuntimeException outOfMemory) {
            assertThat(outOfMemory).rootCause().hasMessageContaining("OOM");
        }
        assertThat(written).isLessThan(1000);
        for (int i = 0; i < 30; i++) {
            String expected = "value" + i;
            Cached<Value> read = cache.engine().lookup(request(cache, "full" + i), () -> Optional.of(new Value(expected)));
            assertThat(read.value().orElseThrow().text()).isEqualTo(expected);
        }
    }

    /**
     * An invalidation sent while Redis is unreachable (a partition: Redis and its data live on) cannot be
     * delivered. Once Redis is reachable again, the entry it was meant for must never be served: the cache is
     * bypassed until the epoch is bumped, and then it misses.
     */
    @Test
    void anInvalidationLostWhileRedisWasUnreachableIsNotForgotten() {
        redis = new CacheFixture();
        try (TcpProxy partition = new TcpProxy(redis.server.port())) {
            CacheComponents cache = redis.cache(CacheFixture.properties(CacheFixture.defaultTypes()), partition.port());
            CacheRequest<Value> request = request(cache, "lost");
            cache.engine().getWithFallback(request, () -> new Value("old"));
            assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("x"))).outcome())
                    .isEqualTo(CacheOutcome.HIT);

            String versionBefore = tagVersion("form:lost");
            partition.cut();
            // Wait until the instance has noticed, so that the INCR below is refused rather than in flight.
            Await.until(() -> cache.engine().lookup(request(cache, "probe"), () -> Optional.of(new Value("p"))).outcome()
                    == CacheOutcome.BYPASS);
            String[] database = {"new"};
            cache.engine().invalidateTags("form:lost");
            assertThat(tagVersion("form:lost")).as("the INCR never reached Redis").isEqualTo(versionBefore);
            partition.restore();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            CacheOutcome outcome;
            do {
                Cached<Value> read = cache.engine().lookup(request, () -> Optional.of(new Value(database[0])));
                assertThat(read.value().orElseThrow().text()).as("never the pre-write value").isEqualTo("new");
                outcome = read.outcome();
            } while (outcome == CacheOutcome.BYPASS && System.nanoTime() < deadline);
            assertThat(outcome).as("the first read through Redis after recovery").isEqualTo(CacheOutcome.MISS);
            assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("unused"))).outcome())
                    .isEqualTo(CacheOutcome.HIT);
        }
    }

    @Test
    void disabledCachingNeverTouchesRedis() {
        redis = new CacheFixture();
        CacheProperties enabled = CacheFixture.properties(CacheFixture.defaultTypes());
        CacheProperties disabled = new CacheProperties(false, enabled.keyPrefix(), enabled.types(),
                enabled.negativeTtl(), enabled.lease(), enabled.codec(), enabled.breaker(), "", enabled.maxEntrySize());
        CacheComponents cache = redis.cache(disabled);
        Cached<Value> read = cache.engine().lookup(request(cache, "off"), () -> Optional.of(new Value("db")));
        assertThat(read.outcome()).isEqualTo(CacheOutcome.BYPASS);
        assertThat(read.value().orElseThrow().text()).isEqualTo("db");
        cache.engine().invalidateTags("form:off");
        assertThat(redis.dbSize()).isZero();
    }

    private String tagVersion(String tag) {
        byte[] version = redis.redis(c -> c.stringCommands().get(("test:cache:tag:" + tag).getBytes()));
        return new String(version);
    }
}
