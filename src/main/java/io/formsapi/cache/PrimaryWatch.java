package io.formsapi.cache;

import java.util.function.Consumer;

/**
 * Notices, in the samples {@link RedisObserver} takes, that the Redis this instance talks to is another server than
 * before (another {@code run_id}: a replica Sentinel promoted, a primary restarted) or is no longer a primary.
 * Replication is asynchronous, so invalidations the previous server had not passed on are not on this one, and an
 * entry written before them would look fresh: the breaker bypasses the cache until the epoch has been bumped,
 * which it does on the same sample.
 */
final class PrimaryWatch implements Consumer<RedisObserver.Sample> {

    private final CacheBreaker breaker;
    private String known;

    private PrimaryWatch(CacheBreaker breaker) {
        this.breaker = breaker;
    }

    /** Watches the samples of {@code observer}, ahead of the breaker's own listener, which then bumps the epoch. */
    static void watch(RedisObserver observer, CacheBreaker breaker) {
        observer.onSample(new PrimaryWatch(breaker));
        breaker.watch(observer);
    }

    /** Samples arrive one at a time, on the observer's thread. */
    @Override
    public void accept(RedisObserver.Sample sample) {
        String runId = sample.info().getProperty("run_id");
        if (!sample.answered() || runId == null) {
            // INFO refused (a managed Redis may restrict it) or no answer: nothing is known about the server.
            return;
        }
        String server = "run_id " + runId + ", role " + sample.info().getProperty("role", "unknown");
        if (known != null && !known.equals(server)) {
            breaker.primaryChanged("from " + known + " to " + server);
        }
        known = server;
    }
}
