package io.formsapi.cache.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Buckets in Redis through Bucket4j, on one connection of its own opened from the application's Lettuce client (so
 * it follows the same standalone, sentinel or cluster settings, reconnects by itself and rejects commands at once
 * while disconnected). Every answer is optional: empty means "Redis cannot be used now, count locally". A Redis
 * call never waits longer than {@code timeout}; after a failure Redis is left alone for {@code retryInterval}.
 */
final class RedisBuckets implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);

    private final Supplier<AbstractRedisClient> client;
    private final BooleanSupplier redisAvailable;
    private final TimeMeter clock;
    private final Duration timeout;
    private final Duration retryInterval;
    private final ExecutorService connector = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rate-limit-redis-connect");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile Remote remote;
    private volatile long pausedUntil = System.nanoTime();
    private volatile boolean degraded;
    private volatile boolean running;

    /**
     * @param client         the application's Lettuce client, or null when Redis is not used at all
     * @param redisAvailable false while the cache's circuit breaker keeps requests off Redis
     */
    RedisBuckets(Supplier<AbstractRedisClient> client, BooleanSupplier redisAvailable, TimeMeter clock,
            Duration timeout, Duration retryInterval) {
        this.client = client;
        this.redisAvailable = redisAvailable;
        this.clock = clock;
        this.timeout = timeout;
        this.retryInterval = retryInterval;
    }

    Optional<ConsumptionProbe> tryConsume(RateLimit limit, String key) {
        if (client == null || System.nanoTime() - pausedUntil < 0 || !redisAvailable.getAsBoolean()) {
            return Optional.empty();
        }
        Remote current = remote;
        if (current == null) {
            connectInBackground();
            return Optional.empty();
        }
        try {
            ConsumptionProbe probe = current.buckets().builder()
                    .build(key.getBytes(StandardCharsets.UTF_8), limit::bucketConfiguration)
                    .tryConsumeAndReturnRemaining(1);
            if (degraded) {
                degraded = false;
                log.info("Rate limits are shared through Redis again");
            }
            return Optional.of(probe);
        } catch (RuntimeException e) {
            pausedUntil = System.nanoTime() + retryInterval.toNanos();
            if (!degraded) {
                degraded = true;
                log.warn("Rate limits are counted per instance for now: Redis failed ({})", e.toString());
            }
            return Optional.empty();
        }
    }

    /** Opens the connection while the application starts, so that limits are shared from the first request. */
    @Override
    public void start() {
        running = true;
        if (client != null) {
            connect();
        }
    }

    @Override
    public void stop() {
        running = false;
        connector.shutdownNow();
        Remote current = remote;
        remote = null;
        if (current != null) {
            current.connection().closeAsync();
        }
    }

    /** Before the web server starts taking requests; stopped after it has drained them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void connectInBackground() {
        if (running && connecting.compareAndSet(false, true)) {
            connector.execute(() -> {
                connect();
                connecting.set(false);
            });
        }
    }

    private synchronized void connect() {
        if (remote != null) {
            return;
        }
        try {
            remote = open(client.get());
        } catch (RuntimeException e) {
            pausedUntil = System.nanoTime() + retryInterval.toNanos();
            if (!degraded) {
                degraded = true;
                log.warn("Rate limits are counted per instance until Redis can be reached: {}", e.toString());
            }
        }
    }

    private Remote open(AbstractRedisClient redis) {
        if (redis instanceof RedisClient standalone) {
            StatefulRedisConnection<byte[], byte[]> connection = standalone.connect(ByteArrayCodec.INSTANCE);
            return new Remote(connection, configure(Bucket4jLettuce.casBasedBuilder(connection)));
        }
        if (redis instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
            return new Remote(connection, configure(Bucket4jLettuce.casBasedBuilder(connection)));
        }
        throw new IllegalStateException("unsupported Redis client " + redis.getClass().getName());
    }

    /** Every key expires once its bucket would be full again: a key that is not in Redis is a full bucket. */
    private ProxyManager<byte[]> configure(Bucket4jLettuce.LettuceBasedProxyManagerBuilder<byte[]> builder) {
        return builder.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(1)))
                .requestTimeout(timeout)
                .clientClock(clock)
                .build();
    }

    private record Remote(StatefulConnection<byte[], byte[]> connection, ProxyManager<byte[]> buckets) {
    }
}
