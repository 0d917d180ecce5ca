package io.formsapi.ratelimit;

import static io.formsapi.ratelimit.RateLimitApiTest.assertRateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.SharedBackend;
import io.formsapi.support.StartedApp;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Two instances sharing one Redis share every budget; while that Redis is paused or gone each instance keeps
 * limiting on its own, and no request fails or waits long for it. Each test uses accounts of its own, so the
 * per-account limit starts full in each; the order puts the outages after the test that needs Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitSharedTest {

    private static final int PER_ACCOUNT = 4;

    @TempDir
    static Path dataDir;

    private static SharedBackend backend;
    private static RedisServerProcess redis;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ApiClient apiA;
    private static ApiClient apiB;
    private static RedisClient testClient;

    @BeforeAll
    static void start() {
        backend = SharedBackend.start(dataDir, List.of());
        redis = backend.redis();
        a = instance();
        b = instance();
        apiA = StartedApp.client(a);
        apiB = StartedApp.client(b);
        testClient = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
    }

    @AfterAll
    static void stop() {
        testClient.shutdown();
        backend.close();
    }

    @AfterEach
    void redisIsBack() {
        if (!redis.isAlive()) {
            redis.restart();
        }
    }

    static ConfigurableApplicationContext instance(String... settings) {
        List<String> args = new ArrayList<>(List.of("--forms.rate-limits.login-per-account.capacity=" + PER_ACCOUNT,
                "--forms.rate-limits.login-per-account.period=1h", "--forms.cache.rate-limiter.redis-timeout=1s"));
        args.addAll(List.of(settings));
        return backend.instance(args.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void twoInstancesShareOneBudgetAndEveryKeyExpires() {
        String email = unknownEmail();
        for (int i = 0; i < PER_ACCOUNT / 2; i++) {
            assertThat(login(apiA, email).status()).isEqualTo(401);
            assertThat(login(apiB, email).status()).isEqualTo(401);
        }
        assertRateLimitedForAnAccountWindow(login(apiA, email));
        assertRateLimitedForAnAccountWindow(login(apiB, email));

        try (StatefulRedisConnection<String, String> connection = testConnection()) {
            List<String> keys = connection.sync().keys("*");
            assertThat(keys).isNotEmpty();
            for (String key : keys) {
                assertThat(connection.sync().pttl(key)).as("TTL of %s", key).isPositive();
            }
        }
    }

    @Test
    @Order(2)
    void aPausedRedisNeitherFailsNorSlowsRequestsAndLimitsStillHold() {
        String email = unknownEmail();
        try (StatefulRedisConnection<String, String> connection = testConnection()) {
            connection.sync().clientPause(10_000);
        }
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i <= PER_ACCOUNT; i++) {
            long started = System.nanoTime();
            statuses.add(login(apiA, email).status());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(statuses).containsExactly(401, 401, 401, 401, 429);
    }

    @Test
    @Order(3)
    void aKilledRedisNeitherFailsRequestsNorLiftsTheLimits() {
        String email = unknownEmail();
        redis.kill();
        for (int i = 0; i < PER_ACCOUNT; i++) {
            assertThat(login(apiA, email).status()).isEqualTo(401);
        }
        assertRateLimitedForAnAccountWindow(login(apiA, email));
        // Each instance counts alone while Redis is gone.
        assertThat(login(apiB, email).status()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void withCachingDisabledLimitsAreCountedInProcess() {
        String email = unknownEmail();
        try (ConfigurableApplicationContext local = instance("--CACHE_ENABLED=false")) {
            ApiClient api = StartedApp.client(local);
            for (int i = 0; i < PER_ACCOUNT; i++) {
                assertThat(login(api, email).status()).isEqualTo(401);
            }
            assertRateLimitedForAnAccountWindow(login(api, email));
        }
    }

    /** A connection of the test's own, independent of the instances' clients. */
    private static StatefulRedisConnection<String, String> testConnection() {
        return testClient.connect();
    }

    /** One attempt every 15 minutes (1 h / 4) comes back: the next one in at most 900 s. */
    private static void assertRateLimitedForAnAccountWindow(Reply reply) {
        assertThat(assertRateLimited(reply, "login-per-account")).isBetween(800L, 900L);
    }

    private static Reply login(ApiClient api, String email) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "wrong-password"));
    }

    private static String unknownEmail() {
        return "nobody-" + UUID.randomUUID() + "@example.com";
    }
}
