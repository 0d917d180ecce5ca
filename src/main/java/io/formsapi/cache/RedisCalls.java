package io.formsapi.cache;

import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the cache runs a Redis command: only while the breaker allows it, timed, with every failure fed to the
 * breaker and the metrics and turned into a result the caller can act on. A failed invalidation marks the
 * cache unsafe instead of failing the write that made it.
 */
final class RedisCalls {

    private static final Logger log = LoggerFactory.getLogger(RedisCalls.class);

    /** A command's reply, or {@code ok == false} when it failed. */
    record Result<T>(T value, boolean ok) {
    }

    private final boolean enabled;
    private final CacheBreaker breaker;
    private final CacheMetrics metrics;

    RedisCalls(boolean enabled, CacheBreaker breaker, CacheMetrics metrics) {
        this.enabled = enabled;
        this.breaker = breaker;
        this.metrics = metrics;
    }

    /** Caching is enabled and the breaker lets requests through. */
    boolean usable() {
        return enabled && breaker.allows();
    }

    boolean enabled() {
        return enabled;
    }

    BreakerState breakerState() {
        return breaker.state();
    }

    <R> Result<R> run(String op, CacheType type, Supplier<R> command) {
        long started = System.nanoTime();
        try {
            R value = command.get();
            breaker.recordSuccess(started);
            metrics.latency(op, System.nanoTime() - started);
            return new Result<>(value, true);
        } catch (RuntimeException e) {
            breaker.recordFailure(started, e);
            metrics.error(type, op, e);
            log.debug("Redis {} failed: {}", op, e.toString());
            return new Result<>(null, false);
        }
    }

    /**
     * Runs an invalidation. One that cannot be delivered (breaker open, Redis failing) leaves entries that may be
     * stale, so the cache is bypassed until the epoch has been bumped.
     */
    <R> R invalidation(String op, Supplier<R> command) {
        if (!enabled) {
            return null;
        }
        if (!breaker.allows()) {
            breaker.invalidationLost();
            return null;
        }
        Result<R> done = run(op, null, command);
        if (!done.ok()) {
            breaker.invalidationLost();
        }
        return done.value();
    }
}
