package io.formsapi.cache;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Decides whether a request may use Redis at all. After repeated failures (or slow calls) the breaker opens and
 * every caller bypasses Redis at once instead of waiting out timeouts; a background probe closes it again when
 * Redis answers. Invalidations that could not be delivered leave the cache "unsafe": it stays bypassed until
 * the global epoch has been bumped, which makes every entry written before stale.
 */
final class CacheBreaker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheBreaker.class);

    private final CircuitBreaker breaker;
    private final AtomicBoolean epochBumpPending = new AtomicBoolean();
    private final ScheduledExecutorService prober;
    private final Supplier<Boolean> ping;
    private final Runnable bumpEpoch;
    private final Duration healthCheckInterval;
    private volatile long lastHealthCheck = System.nanoTime();

    /**
     * @param ping      asks Redis whether it answers (true) or throws
     * @param bumpEpoch increments the global epoch or throws
     * @param probing   false when caching is disabled: nothing is probed then
     */
    CacheBreaker(CacheProperties.Breaker settings, Supplier<Boolean> ping, Runnable bumpEpoch, boolean probing) {
        this.ping = ping;
        this.bumpEpoch = bumpEpoch;
        this.healthCheckInterval = settings.healthCheckInterval();
        this.breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallDurationThreshold(settings.slowCall())
                .slowCallRateThreshold(settings.failureRateThreshold())
                // Only the background probe closes the breaker, so no request ever waits on a dead Redis.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .waitDurationInOpenState(Duration.ofDays(3650))
                .recordExceptions(Exception.class)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> log.warn("Redis circuit breaker: {}",
                e.getStateTransition()));
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "redis-probe");
            thread.setDaemon(true);
            return thread;
        });
        if (probing) {
            long every = settings.probeInterval().toMillis();
            prober.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** True when Redis may be used for this request. */
    boolean allows() {
        return !epochBumpPending.get() && breaker.tryAcquirePermission();
    }

    String state() {
        return epochBumpPending.get() && breaker.getState() == CircuitBreaker.State.CLOSED
                ? "RECOVERING" : breaker.getState().name();
    }

    void recordSuccess(long startedNanos) {
        breaker.onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void recordFailure(long startedNanos, Throwable failure) {
        breaker.onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, failure);
    }

    /** An invalidation did not reach Redis: no entry may be served until the epoch is bumped. */
    void invalidationLost() {
        if (epochBumpPending.compareAndSet(false, true)) {
            log.warn("An invalidation could not reach Redis; the cache is bypassed until the epoch is bumped");
        }
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            prober.execute(this::probe);
        }
    }

    private void probe() {
        boolean open = breaker.getState() != CircuitBreaker.State.CLOSED;
        boolean due = System.nanoTime() - lastHealthCheck >= healthCheckInterval.toNanos();
        if (!open && !epochBumpPending.get() && !due) {
            return;
        }
        lastHealthCheck = System.nanoTime();
        long started = System.nanoTime();
        try {
            ping.get();
            if (epochBumpPending.get()) {
                bumpEpoch.run();
                epochBumpPending.set(false);
                log.info("Redis epoch bumped: entries written before lost invalidations are now stale");
            }
            if (open) {
                breaker.transitionToClosedState();
            }
        } catch (RuntimeException e) {
            if (!open) {
                recordFailure(started, e);
            }
            log.debug("Redis probe failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
