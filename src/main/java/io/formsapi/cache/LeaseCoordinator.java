package io.formsapi.cache;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a missing entry exactly once across instances. In this JVM, concurrent misses of one entry under one
 * reading of its versions share a flight. Across instances, the flight takes the entry's Redis lease; the
 * attempt also sets up missing versions and reads the entry again, in one round trip, so a value stored since
 * the miss (by an earlier flight or another instance) is served instead of loaded again. The holder renews its
 * lease while it loads and gives it back in the round trip that stores the value; the others wait as long as the
 * lease lives, polling Redis (a waiter in the holder's own instance is woken as soon as it is given back). A
 * holder that dies stops renewing, its lease expires after its TTL, and the next attempt takes it; a load that
 * outlasts {@code max-hold} stops being renewed, so that a hung loader holds nobody up for ever.
 *
 * <p>The lease's value names the versions its holder read. A request that read other versions (an invalidation
 * came in between) does not wait for a load whose value it could not use: it loads and stores on its own. A
 * holder that found a version missing set it up, so a request that finds that version's first value waits for
 * it; after an invalidation of such a fresh version, it waits for that one load before loading its own.
 *
 * <p>A value served stale ({@link Freshness#BOUNDED}) is recomputed under the same lease, taken without waiting:
 * the instance that gets it loads and stores, the others go on serving the stale value.
 */
final class LeaseCoordinator implements AutoCloseable {

    private static final Duration MAX_POLL = Duration.ofMillis(50);
    private static final int REVALIDATION_THREADS = 2;
    private static final int REVALIDATIONS_QUEUED = 64;
    private static final Logger log = LoggerFactory.getLogger(LeaseCoordinator.class);

    private final CacheProperties.Lease settings;
    private final CacheKeys keys;
    private final RedisGateway redis;
    private final RedisCalls calls;
    private final EntryReader reader;
    private final EntryWriter writer;
    private final CacheMetrics metrics;
    private final SingleFlight flights = new SingleFlight();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cache-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    /** Recomputations of stale entries; when they fall behind, more are dropped, not queued. */
    private final ThreadPoolExecutor revalidations = new ThreadPoolExecutor(REVALIDATION_THREADS,
            REVALIDATION_THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(REVALIDATIONS_QUEUED), r -> {
                Thread thread = new Thread(r, "cache-revalidation");
                thread.setDaemon(true);
                return thread;
            });
    private final Set<String> revalidating = ConcurrentHashMap.newKeySet();
    /**
     * The leases this instance holds, by token, each completed once given back: a request here that waits for one
     * of them wakes as soon as it is free, instead of at its next poll.
     */
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    /**
     * A lease's value starts with this instance's random name and a sequence number: unique across instances and
     * attempts, so that compare-and-delete never gives back another's lease, without a random UUID per miss.
     */
    private final String instance = randomName();
    private final AtomicLong attempts = new AtomicLong();
    private final Clock clock;

    LeaseCoordinator(CacheProperties.Lease settings, CacheKeys keys, RedisGateway redis, RedisCalls calls,
            EntryReader reader, EntryWriter writer, CacheMetrics metrics, Clock clock) {
        this.clock = clock;
        this.settings = settings;
        this.keys = keys;
        this.redis = redis;
        this.calls = calls;
        this.reader = reader;
        this.writer = writer;
        this.metrics = metrics;
    }

    /**
     * The entry loaded once (or found stored meanwhile), stored if {@code storable} accepts the loaded value.
     * {@code reading} holds the versions the miss read, some perhaps missing.
     */
    <T> Cached<T> load(CacheRequest<T> request, VersionReading reading, Supplier<Optional<T>> loader,
            Predicate<Optional<T>> storable) {
        return flights.run(new Flight(request.key(), reading),
                () -> underLease(request, reading, loader, storable));
    }

    private record Flight(String key, VersionReading reading) {
    }

    private <T> Cached<T> underLease(CacheRequest<T> request, VersionReading reading, Supplier<Optional<T>> loader,
            Predicate<Optional<T>> storable) {
        CacheType type = request.type();
        String leaseKey = keys.lease(request.key());
        String token = token(reading);
        LeaseAttempt attempt = attempt(request, reading, token);
        if (attempt == null) {
            return load(request, loader);
        }
        VersionSnapshot versions = attempt.versions();
        RedisGateway.Lease lease = attempt.lease();
        Duration pause = settings.poll();
        boolean waited = false;
        while (true) {
            Cached<T> stored = reader.validHit(request, lease.entry(), versions);
            if (waited && (stored != null || lease.taken())) {
                metrics.leaseWait(type, stored != null);
            }
            if (lease.taken()) {
                holding(token);
                if (stored != null) {
                    giveBack(type, new RedisGateway.Release(leaseKey, token));
                    return stored;
                }
                return loadAndStore(request, versions, loader, storable, new RedisGateway.Release(leaseKey, token));
            }
            if (stored != null) {
                return stored;
            }
            if (lease.holder() != null && !attempt.reading().compatibleWith(readingOf(lease.holder()))) {
                return loadAndStore(request, versions, loader, storable, null);
            }
            waited = true;
            await(lease.holder(), pause);
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
            RedisCalls.Result<RedisGateway.Lease> retry = calls.run("lease", type,
                    () -> redis.acquireLease(leaseKey, request.key(), token, settings.ttl()));
            if (!retry.ok()) {
                return load(request, loader);
            }
            lease = retry.value();
        }
    }

    /** A lease attempt's outcome: the lease, and the versions with the missing ones now set up. */
    private record LeaseAttempt(VersionReading reading, VersionSnapshot versions, RedisGateway.Lease lease) {
    }

    /** Sets up missing versions and tries the entry's lease, in one round trip; null when Redis failed. */
    private LeaseAttempt attempt(CacheRequest<?> request, VersionReading reading, String token) {
        List<String> missing = reading.missing();
        RedisCalls.Result<RedisGateway.MissSetup> setUp = calls.run("lease", request.type(),
                () -> redis.setUpMiss(missing, VersionReading.freshValues(missing.size()), settings.ttl(),
                        keys.lease(request.key()), request.key(), token, settings.ttl()));
        if (!setUp.ok()) {
            return null;
        }
        VersionReading resolved = reading.with(missing, setUp.value().versions());
        return new LeaseAttempt(resolved, resolved.snapshot(keys, request), setUp.value().lease());
    }

    /**
     * Runs {@code recomputation} of the entry {@code key}, served stale, on {@code executor}, unless one is under way
     * in this instance already; one the executor refuses is dropped (the next stale read asks again).
     */
    void revalidate(String key, Runnable recomputation, Executor executor) {
        if (!revalidating.add(key)) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    recomputation.run();
                } catch (RuntimeException e) {
                    log.warn("Recomputing the stale cache entry {} failed: {}", key, e.toString());
                } finally {
                    revalidating.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            revalidating.remove(key);
        }
    }

    /**
     * Recomputes an entry served stale if no other instance is at it: takes the entry's lease without waiting, and
     * loads and stores under it.
     */
    <T> void recompute(CacheRequest<T> request, VersionReading reading, Supplier<Optional<T>> loader,
            Predicate<Optional<T>> storable) {
        String token = token(reading);
        LeaseAttempt attempt = attempt(request, reading, token);
        if (attempt == null || !attempt.lease().taken()) {
            return;
        }
        holding(token);
        RedisGateway.Release release = new RedisGateway.Release(keys.lease(request.key()), token);
        if (reader.validHit(request, attempt.lease().entry(), attempt.versions()) != null) {
            giveBack(request.type(), release);
            return;
        }
        loadAndStore(request, attempt.versions(), loader, storable, release);
    }

    /** The executor for recomputations the caller does not run itself. */
    Executor background() {
        return revalidations;
    }

    /** A lease value of this instance's, new for each attempt, naming the versions the attempt read. */
    private String token(VersionReading reading) {
        return instance + "-" + attempts.incrementAndGet() + " " + reading.text();
    }

    private static String randomName() {
        byte[] name = new byte[12];
        new SecureRandom().nextBytes(name);
        return HexFormat.of().formatHex(name);
    }

    /** The versions a lease's holder read: its value after the token. */
    private static String readingOf(String leaseValue) {
        int space = leaseValue.indexOf(' ');
        return space < 0 ? "" : leaseValue.substring(space + 1);
    }

    /**
     * Loads (renewing {@code release}'s lease meanwhile, if not null), then stores the value and releases the
     * lease in one round trip, written behind the caller.
     */
    private <T> Cached<T> loadAndStore(CacheRequest<T> request, VersionSnapshot versions,
            Supplier<Optional<T>> loader, Predicate<Optional<T>> storable, RedisGateway.Release release) {
        ScheduledFuture<?> renewal = release == null ? null : renewWhileLoading(request.type(), release);
        long loadedAt = clock.millis();
        Cached<T> loaded;
        try {
            loaded = load(request, loader);
        } catch (RuntimeException | Error e) {
            if (renewal != null) {
                renewal.cancel(false);
                giveBack(request.type(), release);
            }
            throw e;
        }
        // A value computed from a stale one is not stored: under the current versions it would pass for fresh.
        boolean store = loaded.outcome() != CacheOutcome.STALE && storable.test(loaded.value());
        // The lease is renewed until the write behind has landed and given it back.
        writer.writeBehind(request, versions, loadedAt, loaded.value(), store, release, () -> {
            if (renewal != null) {
                renewal.cancel(false);
                given(release.token());
            }
        });
        return loaded;
    }

    private ScheduledFuture<?> renewWhileLoading(CacheType type, RedisGateway.Release release) {
        long every = Math.max(1, settings.ttl().toMillis() / 3);
        long giveUpAt = System.nanoTime() + settings.maxHold().toNanos();
        return renewals.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - giveUpAt < 0) {
                calls.run("lease", type, () -> redis.renewLease(release.leaseKey(), release.token(),
                        settings.ttl()));
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Runs the loader; STALE, with the age, if it read a stale value ({@link StaleReads}). */
    private <T> Cached<T> load(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        metrics.load(request.type());
        StaleReads.open();
        Optional<T> value;
        Duration staleFor;
        try {
            value = loader.get();
        } finally {
            staleFor = StaleReads.close();
        }
        return staleFor == null ? new Cached<>(value, CacheOutcome.MISS)
                : new Cached<>(value, CacheOutcome.STALE, staleFor);
    }

    /** Marks the lease of {@code token} as held here, from the moment Redis gave it until {@link #given}. */
    private void holding(String token) {
        held.put(token, new CompletableFuture<>());
    }

    private void giveBack(CacheType type, RedisGateway.Release release) {
        calls.run("lease", type, () -> redis.releaseLease(release.leaseKey(), release.token()));
        given(release.token());
    }

    private void given(String token) {
        CompletableFuture<Void> waiters = held.remove(token);
        if (waiters != null) {
            waiters.complete(null);
        }
    }

    /**
     * Waits at most {@code pause} for the lease {@code holder} holds: until it is given back, if this instance
     * holds it, otherwise the whole pause (another instance's release is seen at the next poll).
     */
    private void await(String holder, Duration pause) {
        CompletableFuture<Void> givenBack = holder == null ? null : held.get(holder);
        try {
            if (givenBack == null) {
                Thread.sleep(pause.toMillis());
            } else {
                givenBack.get(pause.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cache lease", e);
        } catch (ExecutionException | TimeoutException e) {
            // given back with a failure (never: it only completes normally), or not yet: ask Redis again
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        revalidations.shutdownNow();
    }
}
