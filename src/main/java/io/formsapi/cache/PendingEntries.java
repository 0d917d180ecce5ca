package io.formsapi.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Entries loaded in this instance whose write to Redis (encoding included) has not landed yet
 * ({@link EntryWriter#writeBehind}). A lookup that misses in Redis finds them here, under the same checks as a
 * stored entry (its versions, or a bounded type's staleness), so the requests that follow a load in this instance
 * neither load it again nor wait on the lease its write will give back.
 *
 * <p>A reader takes the pending entry before it reads Redis: an entry leaves this map only after its write has
 * landed, so one that is gone by the time Redis answers is in that answer.
 */
final class PendingEntries {

    /** One pending entry; removing it by this identity never removes a later load's entry for the same key. */
    static final class Pending {
        private final String key;
        private final VersionSnapshot versions;
        private final long loadedAt;
        private final Optional<?> value;
        private final CompletableFuture<Void> landed = new CompletableFuture<>();

        private Pending(String key, VersionSnapshot versions, long loadedAt, Optional<?> value) {
            this.key = key;
            this.versions = versions;
            this.loadedAt = loadedAt;
            this.value = value;
        }

        VersionSnapshot versions() {
            return versions;
        }

        long loadedAt() {
            return loadedAt;
        }

        /** The value as an answer to {@code request}, or null if it is not of the request's class. */
        <T> Cached<T> as(CacheRequest<T> request, CacheOutcome outcome, Duration age) {
            Object stored = value.orElse(null);
            if (stored != null && !request.valueType().isInstance(stored)) {
                return null;
            }
            return new Cached<>(Optional.<T>ofNullable(request.valueType().cast(stored)), outcome, age);
        }
    }

    private final ConcurrentMap<String, Pending> entries = new ConcurrentHashMap<>();

    Pending add(String key, VersionSnapshot versions, long loadedAt, Optional<?> value) {
        Pending pending = new Pending(key, versions, loadedAt, value);
        entries.put(key, pending);
        return pending;
    }

    /** The write of {@code pending} is over (landed or failed). */
    void landed(Pending pending) {
        entries.remove(pending.key, pending);
        pending.landed.complete(null);
    }

    /** The entry pending for {@code key}, or null. */
    Pending get(String key) {
        return entries.get(key);
    }

    /** Waits up to {@code limit} for the write pending for {@code key}, if there is one. */
    void awaitLanded(String key, Duration limit) {
        Pending pending = entries.get(key);
        if (pending == null) {
            return;
        }
        try {
            pending.landed.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Nothing to wait for any longer: the write failed or is stuck behind a failing Redis.
        }
    }
}
