package io.formsapi.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Decides whether a request may use Redis at all. After repeated failures (or slow calls) the breaker opens and
 * every caller bypasses Redis at once instead of waiting out timeouts; an answered {@link RedisObserver} sample
 * closes it again. Invalidations that could not be delivered leave the cache "unsafe": it stays bypassed until
 * the global epoch has been bumped, which makes every entry written before stale.
 */
final class CacheBreaker {

    private static final Logger log = LoggerFactory.getLogger(CacheBreaker.class);
    private static final Duration RECENT_FAILURE = Duration.ofSeconds(30);

    private final CircuitBreaker breaker;
    private final AtomicBoolean epochBumpPending = new AtomicBoolean();
    private final Runnable bumpEpoch;
    private volatile Runnable sampleSoon = () -> { };
    private volatile boolean serverUnverified;
    private long lastReconnect = System.nanoTime();
    private volatile long lastFailure = System.nanoTime() - RECENT_FAILURE.toNanos();

    /** @param bumpEpoch increments the global epoch or throws */
    CacheBreaker(CacheProperties.Breaker settings, Runnable bumpEpoch) {
        this.bumpEpoch = bumpEpoch;
        this.breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .slowCallDurationThreshold(settings.slowCall())
                .slowCallRateThreshold(settings.failureRateThreshold())
                // Only an answered sample closes the breaker, so no request ever waits on a dead Redis.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .waitDurationInOpenState(Duration.ofDays(3650))
                .recordExceptions(Exception.class)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> log.warn("Redis circuit breaker: {}",
                e.getStateTransition()));
    }

    /** Watches Redis through {@code observer}: its samples close the breaker, and it is asked for one when needed. */
    void watch(RedisObserver observer) {
        this.sampleSoon = observer::sampleSoon;
        observer.onSample(this::sampled);
    }

    /** True when Redis may be used for this request. */
    boolean allows() {
        return !epochBumpPending.get() && !serverUnverified && breaker.tryAcquirePermission();
    }

    /** True while the breaker is closed: Redis answers, whether or not its entries are trusted yet. */
    boolean reachable() {
        return breaker.tryAcquirePermission();
    }

    BreakerState state() {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            return BreakerState.OPEN;
        }
        return epochBumpPending.get() || serverUnverified ? BreakerState.RECOVERING : BreakerState.CLOSED;
    }

    /**
     * A connection to Redis was lost and is being made again, possibly to another server (a promoted replica): the
     * cache is bypassed until a sample has said which server answers ({@link PrimaryWatch}).
     */
    synchronized void reconnecting() {
        lastReconnect = System.nanoTime();
        serverUnverified = true;
        sampleSoon.run();
    }

    /** Whether a reconnection has not been followed by a sample yet. */
    boolean serverUnverified() {
        return serverUnverified;
    }

    /**
     * A sample begun at {@code sampleStarted} said which server answers, after {@link #primaryChanged} if it is
     * another one. A sample begun before the latest reconnection may have been answered by the previous server, so
     * it verifies nothing.
     */
    synchronized void serverVerified(long sampleStarted) {
        if (sampleStarted - lastReconnect > 0) {
            serverUnverified = false;
        }
    }

    /**
     * True while Redis should be sampled often: the breaker is open or recovering, or a call failed lately. A
     * failover fails a few calls without always opening the breaker, and the samples that follow are what notice
     * the new primary ({@link PrimaryWatch}).
     */
    boolean wantsSamples() {
        return state() != BreakerState.CLOSED || System.nanoTime() - lastFailure < RECENT_FAILURE.toNanos();
    }

    void recordSuccess(long startedNanos) {
        breaker.onSuccess(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    void recordFailure(long startedNanos, Throwable failure) {
        lastFailure = System.nanoTime();
        breaker.onError(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS, failure);
    }

    /** An invalidation did not reach Redis: no entry may be served until the epoch is bumped. */
    void invalidationLost() {
        distrustEntries("An invalidation could not reach Redis");
    }

    /** An invalidation reached the primary only: a failover could undo it. */
    void invalidationUnreplicated(long acknowledged, int wanted) {
        distrustEntries("An invalidation reached " + acknowledged + " of the " + wanted + " replicas asked for");
    }

    /** Redis is another server than before: invalidations the previous one had not passed on are gone. */
    void primaryChanged(String change) {
        distrustEntries("Redis changed (" + change + ")");
    }

    private void distrustEntries(String why) {
        if (epochBumpPending.compareAndSet(false, true)) {
            log.warn("{}; the cache is bypassed until the epoch is bumped", why);
        }
        sampleSoon.run();
    }

    private void sampled(RedisObserver.Sample sample) {
        boolean open = breaker.getState() != CircuitBreaker.State.CLOSED;
        if (!sample.answered()) {
            if (!open) {
                recordFailure(System.nanoTime(), sample.failure());
            }
            return;
        }
        try {
            if (epochBumpPending.get()) {
                bumpEpoch.run();
                epochBumpPending.set(false);
                log.info("Redis epoch bumped: entries written before lost invalidations are now stale");
            }
            if (open) {
                breaker.transitionToClosedState();
            }
        } catch (RuntimeException e) {
            log.debug("Redis answered the sample but the epoch bump failed: {}", e.toString());
        }
    }
}
