package io.formsapi.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Loads a missing entry exactly once across instances. In this JVM, concurrent misses of one entry under one
 * reading of its versions share a flight. Across instances, the flight takes the entry's Redis lease; the
 * attempt also sets up missing versions and reads the entry again, in one round trip, so a value stored since
 * the miss (by an earlier flight or another instance) is served instead of loaded again. The holder renews its
 * lease while it loads and gives it back in the round trip that stores the value; the others wait as long as the
 * lease lives. A holder that dies stops renewing, its lease expires after its TTL, and the next attempt takes
 * it; a load that outlasts {@code max-hold} stops being renewed, so that a hung loader holds nobody up for ever.
 *
 * <p>The lease's value names the versions its holder read. A request that read other versions (an invalidation
 * came in between) does not wait for a load whose value it could not use: it loads and stores on its own. A
 * holder that found a version missing set it up, so a request that finds that version's first value waits for
 * it; after an invalidation of such a fresh version, it waits for that one load before loading its own.
 */
final class LeaseCoordinator implements AutoCloseable {

    private static final Duration MAX_POLL = Duration.ofMillis(50);

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

    LeaseCoordinator(CacheProperties.Lease settings, CacheKeys keys, RedisGateway redis, RedisCalls calls,
            EntryReader reader, EntryWriter writer, CacheMetrics metrics) {
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
        String token = UUID.randomUUID() + " " + reading.text();
        List<String> missing = reading.missing();
        RedisCalls.Result<RedisGateway.MissSetup> setUp = calls.run("lease", type,
                () -> redis.setUpMiss(missing, VersionReading.freshValues(missing.size()), settings.ttl(), leaseKey,
                        request.key(), token, settings.ttl()));
        if (!setUp.ok()) {
            return load(request, loader);
        }
        VersionReading resolved = reading.with(missing, setUp.value().versions());
        VersionSnapshot versions = resolved.snapshot(keys, request);
        RedisGateway.Lease lease = setUp.value().lease();
        Duration pause = settings.poll();
        boolean waited = false;
        while (true) {
            Cached<T> stored = reader.validHit(request, lease.entry(), versions);
            if (waited && (stored != null || lease.taken())) {
                metrics.leaseWait(type, stored != null);
            }
            if (lease.taken()) {
                if (stored != null) {
                    calls.run("lease", type, () -> redis.releaseLease(leaseKey, token));
                    return stored;
                }
                return loadAndStore(request, versions, loader, storable, new RedisGateway.Release(leaseKey, token));
            }
            if (stored != null) {
                return stored;
            }
            if (lease.holder() != null && !resolved.compatibleWith(readingOf(lease.holder()))) {
                return loadAndStore(request, versions, loader, storable, null);
            }
            waited = true;
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
            RedisCalls.Result<RedisGateway.Lease> retry = calls.run("lease", type,
                    () -> redis.acquireLease(leaseKey, request.key(), token, settings.ttl()));
            if (!retry.ok()) {
                return load(request, loader);
            }
            lease = retry.value();
        }
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
        Cached<T> loaded;
        try {
            loaded = load(request, loader);
        } catch (RuntimeException | Error e) {
            if (renewal != null) {
                renewal.cancel(false);
                calls.run("lease", request.type(), () -> redis.releaseLease(release.leaseKey(), release.token()));
            }
            throw e;
        }
        Optional<RedisGateway.Write> write = storable.test(loaded.value())
                ? writer.entry(request, versions, loaded.value()) : Optional.empty();
        // The lease is renewed until the write behind has landed and given it back.
        writer.writeBehind(request, versions, loaded.value(), write, release, () -> {
            if (renewal != null) {
                renewal.cancel(false);
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

    private <T> Cached<T> load(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        metrics.load(request.type());
        return new Cached<>(loader.get(), CacheOutcome.MISS);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cache lease", e);
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
