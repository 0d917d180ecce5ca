package io.formsapi.cache;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.QueryTimeoutException;

import io.formsapi.cache.CacheHealth.Check;
import io.formsapi.cache.CacheHealth.Window;
import io.lettuce.core.RedisCommandTimeoutException;

/**
 * The cache's health for operators (the seed's {@code /api/v1/health/cache}): the hit ratio over a sliding
 * window rather than since start, and whether Redis can be used, answered quickly.
 *
 * <p>A request never waits out the 5 s command timeout: with the breaker open Redis is not asked at all, and
 * otherwise PING and INFO run on a thread of their own while the request waits at most
 * {@code forms.cache.health.probe-timeout}. Concurrent requests share the probe in flight, so a hung Redis ties
 * up one thread however often health is polled.
 */
public final class CacheHealthCheck implements AutoCloseable {

    /** Breaker states in which Redis is not used: the health answer is "down" without asking it. */
    private static final Set<String> BREAKER_OPEN = Set.of("OPEN", "FORCED_OPEN");

    private final CacheService cache;
    private final CacheHealthProperties settings;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "redis-health-probe");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<CompletableFuture<Properties>> inflight = new AtomicReference<>();
    private final AtomicLong probesStarted = new AtomicLong();

    public CacheHealthCheck(CacheService cache, CacheHealthProperties settings) {
        this.cache = cache;
        this.settings = settings;
    }

    public CacheHealthProperties settings() {
        return settings;
    }

    public CacheHealth check() {
        LookupWindow.Counts counts = cache.window();
        Window window = new Window(counts.window(), counts.hits(), counts.misses(), counts.errors());
        if (!cache.enabled()) {
            return new CacheHealth(CacheHealth.Status.DISABLED, null, Check.NOT_ASKED, window, null);
        }
        String breaker = cache.breakerState();
        if (BREAKER_OPEN.contains(breaker)) {
            return new CacheHealth(CacheHealth.Status.DOWN, breaker, Check.NOT_ASKED, window, null);
        }
        CompletableFuture<Properties> probe = probe();
        Check check;
        Properties info = null;
        try {
            info = probe.get(settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            check = Check.OK;
        } catch (TimeoutException e) {
            check = Check.TIMED_OUT;
        } catch (ExecutionException e) {
            check = timedOut(e.getCause()) ? Check.TIMED_OUT : Check.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            check = Check.FAILED;
        }
        return new CacheHealth(CacheHealth.status(true, check, window, settings), breaker, check, window,
                info == null ? null : redis(info));
    }

    /** The probe in flight, or a new one: PING (which must answer), then INFO (whose figures are optional). */
    private CompletableFuture<Properties> probe() {
        while (true) {
            CompletableFuture<Properties> running = inflight.get();
            if (running != null && !running.isDone()) {
                return running;
            }
            CompletableFuture<Properties> fresh = new CompletableFuture<>();
            if (inflight.compareAndSet(running, fresh)) {
                probesStarted.incrementAndGet();
                try {
                    prober.execute(() -> {
                        try {
                            fresh.complete(ask());
                        } catch (RuntimeException e) {
                            fresh.completeExceptionally(e);
                        }
                    });
                } catch (RejectedExecutionException closed) {
                    fresh.completeExceptionally(closed);
                }
                return fresh;
            }
        }
    }

    /** How many probes have been sent to Redis so far. */
    long probesStarted() {
        return probesStarted.get();
    }

    private Properties ask() {
        RedisGateway redis = cache.redis();
        String pong = redis.ping();
        if (!"PONG".equalsIgnoreCase(pong)) {
            throw new IllegalStateException("Redis answered PING with " + pong);
        }
        try {
            Properties info = redis.info();
            return info == null ? new Properties() : info;
        } catch (RuntimeException e) {
            // Reachable, but INFO refused (a managed Redis may restrict it): the figures stay unknown.
            return new Properties();
        }
    }

    /** A probe that ran into the client's own command timeout: as slow as one this request gave up on. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof QueryTimeoutException || cause instanceof RedisCommandTimeoutException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static CacheHealth.Redis redis(Properties info) {
        return new CacheHealth.Redis(info.getProperty("redis_version"), info.getProperty("role"),
                RedisInfo.number(info, "used_memory"), info.getProperty("used_memory_human"), RedisInfo.number(info, "evicted_keys"));
    }


    @Override
    public void close() {
        prober.shutdownNow();
    }
}
