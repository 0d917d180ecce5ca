package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.util.unit.DataSize;

import io.formsapi.cache.embedded.RedisServerProcess;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A real redis-server of the test's own on a free port, and cache instances wired as in production, each with
 * its own connections (so two instances behave like two application instances). Command timeouts are short so
 * that fault tests finish quickly.
 */
final class CacheFixture implements AutoCloseable {

    private static final Duration CLIENT_CLOSE_WAIT = Duration.ofSeconds(30);

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(800);

    final RedisServerProcess server;
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private final List<CacheComponents> caches = new ArrayList<>();
    private final Map<CacheComponents, SimpleMeterRegistry> registries = new IdentityHashMap<>();
    private final RedisTemplate<byte[], byte[]> admin;

    CacheFixture(List<String> serverSettings) {
        server = RedisServerProcess.start(0, serverSettings);
        admin = template(Duration.ofSeconds(5), server.port());
    }

    CacheFixture() {
        this(List.of());
    }

    static CacheProperties properties(Map<String, CacheProperties.TypeSettings> types) {
        return new CacheProperties(true, "test", types, Duration.ofSeconds(30),
                new CacheProperties.Lease(Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofSeconds(60)),
                new CacheProperties.Codec("lz4", DataSize.ofKilobytes(1), DataSize.ofMegabytes(8)),
                new CacheProperties.Breaker(50, 5, 20, Duration.ofSeconds(1), Duration.ofMillis(100),
                        Duration.ofSeconds(30)),
                "", DataSize.ofKilobytes(256));
    }

    /** {@code properties} with a near cache of {@code maxBytes} in each instance (auth contexts kept out). */
    static CacheProperties withNear(CacheProperties properties, DataSize maxBytes) {
        return withNear(properties, maxBytes, List.of("user_session"));
    }

    /** A near cache that keeps every type but {@code excluded}; revocation tags are acknowledged. */
    static CacheProperties withNear(CacheProperties properties, DataSize maxBytes, List<String> excluded) {
        return new CacheProperties(properties.enabled(), properties.keyPrefix(), properties.types(),
                properties.negativeTtl(), properties.lease(), properties.codec(), properties.breaker(),
                properties.redisMaxMemory(), properties.maxEntrySize(), new CacheProperties.Near(true, maxBytes,
                        excluded, Duration.ofMillis(50), Duration.ofMillis(300),
                        List.of("user:", "sessions:", "form:")));
    }

    static CacheProperties.TypeSettings type(Duration ttl, int maxEntries) {
        return new CacheProperties.TypeSettings(ttl, maxEntries, DataSize.ofMegabytes(64), Freshness.STRICT,
                Duration.ofSeconds(5), Duration.ZERO);
    }

    /**
     * A type whose previous values may be served for {@code maxStaleness} after an invalidation, recomputed at the
     * first stale read.
     */
    static CacheProperties.TypeSettings bounded(Duration ttl, Duration maxStaleness) {
        return bounded(ttl, maxStaleness, Duration.ZERO);
    }

    /** A bounded type whose stale values are recomputed only once they are {@code refreshAfter} old. */
    static CacheProperties.TypeSettings bounded(Duration ttl, Duration maxStaleness, Duration refreshAfter) {
        return new CacheProperties.TypeSettings(ttl, 1000, DataSize.ofMegabytes(64), Freshness.BOUNDED,
                maxStaleness, refreshAfter);
    }

    static Map<String, CacheProperties.TypeSettings> defaultTypes() {
        return Map.of("form_schema", type(Duration.ofSeconds(3600), 1000),
                "user_session", type(Duration.ofSeconds(1800), 5000),
                "query_result", type(Duration.ofSeconds(300), 10000),
                "dashboard_widget", type(Duration.ofSeconds(120), 5000),
                "small", type(Duration.ofSeconds(600), 100),
                "budget", new CacheProperties.TypeSettings(Duration.ofSeconds(600), 10_000, DataSize.ofKilobytes(64),
                        Freshness.STRICT, Duration.ofSeconds(5), Duration.ZERO));
    }

    /** A new, independent cache instance on this server. */
    CacheComponents cache(CacheProperties properties) {
        return cache(properties, server.port());
    }

    /** A cache instance that reaches the server through {@code port} (a proxy's, for instance). */
    CacheComponents cache(CacheProperties properties, int port) {
        return cache(properties, port, CacheHealthProperties.defaults(), COMMAND_TIMEOUT);
    }

    /** A cache instance whose health is judged with {@code health}. */
    CacheComponents cache(CacheProperties properties, CacheHealthProperties health) {
        return cache(properties, server.port(), health, COMMAND_TIMEOUT);
    }

    /** A cache instance whose commands time out after {@code commandTimeout}. */
    CacheComponents cache(CacheProperties properties, Duration commandTimeout) {
        return cache(properties, server.port(), CacheHealthProperties.defaults(), commandTimeout);
    }

    /** A cache instance that tells the time by {@code clock}. */
    CacheComponents cache(CacheProperties properties, Clock clock) {
        return cache(properties, server.port(), CacheHealthProperties.defaults(), COMMAND_TIMEOUT, clock);
    }

    /**
     * A cache instance that reaches the server through {@code port}, delivers invalidations as {@code invalidation}
     * says, and whose commands time out after {@code commandTimeout}.
     */
    CacheComponents cache(CacheProperties properties, InvalidationProperties invalidation, int port,
            Duration commandTimeout) {
        invalidation.requireUsableWith(commandTimeout, false);
        return cache(properties, invalidation, port, CacheHealthProperties.defaults(), commandTimeout,
                Clock.systemUTC());
    }

    private CacheComponents cache(CacheProperties properties, int port, CacheHealthProperties health,
            Duration commandTimeout) {
        return cache(properties, port, health, commandTimeout, Clock.systemUTC());
    }

    private CacheComponents cache(CacheProperties properties, int port, CacheHealthProperties health,
            Duration commandTimeout, Clock clock) {
        return cache(properties, InvalidationProperties.standalone(), port, health, commandTimeout, clock);
    }

    private CacheComponents cache(CacheProperties properties, InvalidationProperties invalidation, int port,
            CacheHealthProperties health, Duration commandTimeout, Clock clock) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LettuceConnectionFactory factory = factory(commandTimeout, port);
        CacheComponents cache = CacheComponents.assemble(properties, invalidation, new CacheKeys(properties),
                new CacheTypes(properties), health, CacheConfiguration.rawTemplate(factory), registry,
                new LookupWindow(health, clock), clock);
        cache.watchReconnects(factory.getRequiredNativeClient().getResources().eventBus());
        caches.add(cache);
        registries.put(cache, registry);
        return cache;
    }

    /** The meters of a cache instance this fixture built. */
    MeterRegistry registry(CacheComponents cache) {
        return registries.get(cache);
    }

    CacheComponents cache() {
        return cache(properties(defaultTypes()));
    }

    /**
     * Runs a command with a long timeout, outside any cache instance, once every instance's writes behind have
     * landed: what a test inspects is what its lookups stored.
     */
    <T> T redis(RedisCallback<T> command) {
        caches.forEach(cache -> assertThat(cache.engine().awaitWrites(Duration.ofSeconds(10)))
                .as("writes behind landed").isTrue());
        return admin.execute(command);
    }

    Properties info(String section) {
        return redis(c -> c.serverCommands().info(section));
    }

    long dbSize() {
        return redis(c -> c.serverCommands().dbSize());
    }

    void pause(Duration duration) {
        redis(c -> c.execute("CLIENT", "PAUSE".getBytes(), String.valueOf(duration.toMillis()).getBytes(),
                "ALL".getBytes()));
    }

    /** A template of its own on the server at {@code port}, outside any cache instance. */
    RedisTemplate<byte[], byte[]> template(Duration timeout, int port) {
        return CacheConfiguration.rawTemplate(factory(timeout, port));
    }

    private LettuceConnectionFactory factory(Duration timeout, int port) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(timeout)
                .clientOptions(ClientOptions.builder().autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(server.host(), port), client);
        // Connected when built, as a running application is long before anything times its Redis calls.
        factory.setEagerInitialization(true);
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return factory;
    }

    @Override
    public void close() {
        caches.forEach(CacheComponents::close);
        factories.forEach(CacheFixture::destroy);
        server.close();
    }

    /**
     * Lettuce's shutdown waits without a bound for each of its connections to close. Once, in a full run, it never
     * returned (its event loops idle, Redis still up), and every test after it waited with it; a client that has
     * not closed in {@link #CLIENT_CLOSE_WAIT} is left to the end of the run instead, and said so.
     */
    private static void destroy(LettuceConnectionFactory factory) {
        Thread closing = new Thread(factory::destroy, "fixture-client-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLIENT_CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LoggerFactory.getLogger(CacheFixture.class).warn("a Redis client did not close in {}; left open",
                    CLIENT_CLOSE_WAIT);
        }
    }

    /** Whether Redis holds {@code key} now. */
    boolean stored(String key) {
        return Boolean.TRUE.equals(redis(c -> c.keyCommands().exists(bytes(key))));
    }

    static byte[] bytes(String text) {
        return text.getBytes();
    }

    static String text(RedisConnection connection, String key) {
        byte[] value = connection.stringCommands().get(key.getBytes());
        return value == null ? null : new String(value);
    }
}
