package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.formsapi.support.Await;

import io.formsapi.cache.CacheHealth.Check;
import io.formsapi.cache.CacheHealth.Status;

/**
 * The health check against a real redis-server of its own: figures from INFO, the window fed by lookups, and
 * how quickly "down" is answered when Redis is killed, paused, or behind an open breaker.
 */
class CacheHealthCheckTest {

    record Value(String text) {
    }

    private static final CacheHealthProperties SETTINGS = new CacheHealthProperties(Duration.ofMinutes(5),
            Duration.ofSeconds(10), 10, 0.7, Duration.ofMillis(150));

    private CacheFixture redis;
    private CacheProperties properties;
    private CacheComponents cache;
    private CacheHealthCheck health;

    @BeforeEach
    void start() {
        redis = new CacheFixture();
        properties = CacheFixture.properties(CacheFixture.defaultTypes());
        cache = redis.cache(properties, SETTINGS);
        health = cache.health();
        // The sample every instance takes at start-up has answered: a fault a test makes next is what it sees.
        assertThat(health.check().check()).isEqualTo(Check.OK);
    }

    @AfterEach
    void stop() {
        redis.close();
    }

    private CacheRequest<Value> request(String id) {
        return CacheRequest.of(new CacheTypes(properties).get("form_schema"),
                new CacheKeys(properties).key("form", "schema", id), Value.class, "form:" + id);
    }

    @Test
    void answersWithRedisFiguresAndWarmsUntilTheMinimumOfLookups() {
        CacheHealth fresh = health.check();
        assertThat(fresh.status()).isEqualTo(Status.WARMING);
        assertThat(fresh.check()).isEqualTo(Check.OK);
        assertThat(fresh.breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(fresh.window().lookups()).isZero();
        assertThat(fresh.window().length()).isEqualTo(Duration.ofMinutes(5));
        assertThat(fresh.redis().version()).isEqualTo(redis.info("server").getProperty("redis_version"));
        assertThat(fresh.redis().role()).isEqualTo("master");
        assertThat(fresh.redis().usedMemoryBytes()).isPositive();
        assertThat(fresh.redis().usedMemoryHuman()).isNotBlank();
        assertThat(fresh.redis().evictedKeys()).isZero();
    }

    @Test
    void hitsAndMissesOfLookupsDecideTheStatus() {
        CacheRequest<Value> hot = request("hot");
        for (int i = 0; i < 10; i++) {
            cache.engine().getWithFallback(hot, () -> new Value("v"));
        }
        CacheHealth healthy = health.check();
        assertThat(healthy.window().misses()).isEqualTo(1);
        assertThat(healthy.window().hits()).isEqualTo(9);
        assertThat(healthy.status()).isEqualTo(Status.HEALTHY);

        for (int i = 0; i < 10; i++) {
            cache.engine().getWithFallback(request("cold" + i), () -> new Value("v"));
        }
        CacheHealth degraded = health.check();
        assertThat(degraded.window().lookups()).isEqualTo(20);
        assertThat(degraded.window().hitRatio()).isEqualTo(9.0 / 20);
        assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
    }

    /**
     * A hung Redis fails calls (command timeouts) until the breaker opens. A killed one would not do for this: its
     * client reconnects, and a reconnection holds the cache back until Redis is verified, often before any call fails.
     */
    @Test
    void bypassesAreNotLookupsAndFailuresAreErrors() {
        redis.pause(Duration.ofSeconds(8));
        for (int i = 0; i < 20; i++) {
            cache.engine().getWithFallback(request("k" + i), () -> new Value("db"));
        }
        assertThat(cache.administration().stats().breaker()).isEqualTo(BreakerState.OPEN);
        CacheHealth down = health.check();
        assertThat(down.window().lookups()).as("failed reads and bypasses are not lookups").isZero();
        assertThat(down.window().errors()).isPositive();
    }

    /** The breaker is opened by calls a hung Redis fails (see {@link #bypassesAreNotLookupsAndFailuresAreErrors}). */
    @Test
    void withTheBreakerOpenRedisIsNotAskedAtAll() {
        redis.pause(Duration.ofSeconds(8));
        for (int i = 0; i < 20 && !BreakerState.OPEN.equals(cache.administration().stats().breaker()); i++) {
            cache.engine().getWithFallback(request("k" + i), () -> new Value("db"));
        }
        CacheHealth down = health.check();
        assertThat(down.breaker()).isEqualTo(BreakerState.OPEN);
        assertThat(down.check()).isEqualTo(Check.NOT_ASKED);
        assertThat(down.status()).isEqualTo(Status.DOWN);
        assertThat(down.redis()).isNull();

        Await.until(() -> health.check().status() != Status.DOWN);
        CacheHealth back = health.check();
        assertThat(back.breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(back.check()).isEqualTo(Check.OK);
    }

    @Test
    void aKilledRedisIsDownBeforeTheBreakerOpens() {
        redis.server.kill();
        CacheHealth down = health.check();
        // No request has failed yet: closed, or recovering once the client has begun to reconnect; never open.
        assertThat(down.breaker()).isIn(BreakerState.CLOSED, BreakerState.RECOVERING);
        assertThat(down.check()).isEqualTo(Check.FAILED);
        assertThat(down.status()).isEqualTo(Status.DOWN);
    }

    @Test
    void aHungRedisIsDownAfterTheProbeTimeoutAndPolledHealthSharesOneProbe() {
        redis.pause(Duration.ofSeconds(3));
        long before = health.probesStarted();
        int checks = 8;
        for (int i = 0; i < checks; i++) {
            CacheHealth down = health.check();
            assertThat(down.check()).isEqualTo(Check.TIMED_OUT);
            assertThat(down.status()).isEqualTo(Status.DOWN);
            assertThat(down.breaker()).isEqualTo(BreakerState.CLOSED);
        }
        // Each probe stays in flight until Redis answers or the client's 800 ms command timeout: 8 checks of
        // 150 ms share a few probes instead of sending one each.
        assertThat(health.probesStarted() - before).isBetween(1L, 5L);
        Await.until(() -> health.check().status() != Status.DOWN);
    }

    @Test
    void aDisabledCacheIsReportedWithoutAskingRedis() {
        CacheProperties off = new CacheProperties(false, properties.keyPrefix(), properties.types(),
                properties.negativeTtl(), properties.lease(), properties.codec(), properties.breaker(),
                properties.redisMaxMemory(), properties.maxEntrySize());
        CacheComponents disabled = redis.cache(off, SETTINGS);
        disabled.engine().getWithFallback(request("d"), () -> new Value("db"));
        CacheHealth report = disabled.health().check();
        assertThat(report.status()).isEqualTo(Status.DISABLED);
        assertThat(report.check()).isEqualTo(Check.NOT_ASKED);
        assertThat(report.breaker()).isNull();
        assertThat(report.redis()).isNull();
        assertThat(report.window().lookups()).isZero();
    }

}
