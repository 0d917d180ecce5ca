package io.formsapi.cache;

import java.util.function.Consumer;

import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import reactor.core.Disposable;

/**
 * Notices that the Redis this instance talks to is another server than before (another {@code run_id}: a replica
 * Sentinel promoted, a primary restarted) or is no longer a primary. Replication is asynchronous, so invalidations
 * the previous server had not passed on are not on this one, and an entry written before them would look fresh.
 * Whenever a connection is being made again the cache is bypassed until a {@link RedisObserver} sample has said
 * which server answers; when it is another, the breaker bumps the epoch on that same sample.
 */
final class PrimaryWatch implements Consumer<RedisObserver.Sample> {

    private final CacheBreaker breaker;
    private String known;

    private PrimaryWatch(CacheBreaker breaker) {
        this.breaker = breaker;
    }

    /**
     * Watches the samples of {@code observer}, ahead of the breaker's own listener, which then bumps the epoch; the
     * first is asked for now, so that the server is known before the first reconnection.
     */
    static void watch(RedisObserver observer, CacheBreaker breaker) {
        observer.onSample(new PrimaryWatch(breaker));
        breaker.watch(observer);
        observer.sampleSoon();
    }

    /** Has the breaker hold the cache back whenever the client reconnects; dispose of the result to stop. */
    static Disposable watchReconnects(EventBus events, CacheBreaker breaker) {
        return events.get().filter(ReconnectAttemptEvent.class::isInstance).subscribe(event -> breaker.reconnecting());
    }

    /** Samples arrive one at a time, on the observer's thread. */
    @Override
    public void accept(RedisObserver.Sample sample) {
        if (!sample.answered()) {
            return;
        }
        String runId = sample.info().getProperty("run_id");
        if (runId != null) {
            String server = "run_id " + runId + ", role " + sample.info().getProperty("role", "unknown");
            if (known != null && !known.equals(server)) {
                breaker.primaryChanged("from " + known + " to " + server);
            } else if (known == null && breaker.serverUnverified()) {
                // Reconnected before any server was known: entries may come from one never seen.
                breaker.primaryChanged("to " + server + ", no server known before the reconnection");
            }
            known = server;
        }
        // A server that refuses INFO (a managed Redis may) cannot be told apart; it is trusted as before.
        breaker.serverVerified(sample.startedNanos());
    }
}
