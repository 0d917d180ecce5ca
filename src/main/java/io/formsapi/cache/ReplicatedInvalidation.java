package io.formsapi.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Delivers the invalidations that writes depend on (tag INCRs, entry deletes) so that a failover cannot undo them:
 * each waits for the configured number of replicas to hold it, and one that fails while the primary is being
 * replaced is tried again until its successor answers, within a bound. One that was not delivered, or that fewer
 * replicas hold than asked, is not trusted: the cache is bypassed until the epoch has been bumped. Either way the
 * write that made it is answered; what it wrote is in MongoDB.
 */
final class ReplicatedInvalidation {

    private static final long PAUSE_MILLIS = 100;

    private final RedisGateway redis;
    private final RedisCalls calls;
    private final CacheBreaker breaker;
    private final RedisGateway.ReplicaWait wait;
    private final Duration retry;

    ReplicatedInvalidation(RedisGateway redis, RedisCalls calls, CacheBreaker breaker,
            InvalidationProperties settings) {
        this.redis = redis;
        this.calls = calls;
        this.breaker = breaker;
        this.wait = new RedisGateway.ReplicaWait(settings.waitReplicas(), settings.waitTimeout());
        this.retry = settings.retry();
    }

    /** Whether the increments reached Redis (if fewer replicas hold them than asked, they are not trusted). */
    boolean bumpTags(List<String> tagKeys) {
        return deliver(() -> redis.bumpVersions(tagKeys, wait));
    }

    void delete(String key) {
        deliver(() -> redis.unlink(List.of(key), wait));
    }

    /**
     * Without a retry bound, an open breaker means the invalidation is lost at once, as a caller must not wait on a
     * dead Redis. With one, it is tried regardless of the breaker until the bound has passed: a failover ends within
     * it, and a write waiting out the switch is better than every entry of the cache given up. It is delivered even
     * while every entry is distrusted (an epoch bump pending, a new server not yet verified): the write is answered
     * once Redis holds its own invalidation, never on the strength of a bump another thread has yet to make.
     */
    private boolean deliver(LongSupplier command) {
        if (!calls.enabled()) {
            return false;
        }
        long deadline = System.nanoTime() + retry.toNanos();
        do {
            if (!retry.isZero() || breaker.reachable()) {
                RedisCalls.Result<Long> done = calls.run("delete", null, command::getAsLong);
                if (done.ok()) {
                    if (done.value() < wait.replicas()) {
                        breaker.invalidationUnreplicated(done.value(), wait.replicas());
                    }
                    return true;
                }
            }
        } while (System.nanoTime() < deadline && pause());
        breaker.invalidationLost();
        return false;
    }

    private static boolean pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
