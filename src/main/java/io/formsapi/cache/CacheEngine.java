package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Cache-aside over Redis with the guarantees the rest of the application relies on:
 * <ul>
 * <li>an entry is served only if the epoch and the versions of its tags are what they were before its value was
 * loaded, so invalidating a tag (one INCR) makes every dependent entry stale and no stale set survives; the one
 * exception is a {@link Freshness#BOUNDED bounded} type, which serves the previous value as STALE across the
 * data tags a lookup names, within its bound, while it is recomputed;</li>
 * <li>"not found" is cached too, briefly, and an empty value is a hit;</li>
 * <li>a cold entry is loaded once across instances ({@link LeaseCoordinator}), in at most three round trips: the
 * read, the lease (with any missing versions set up), and the write (with the lease given back), which is made
 * behind the caller;</li>
 * <li>Redis failing in any way (down, paused, full, garbage) never fails a caller: the loader's value is
 * returned, and a circuit breaker stops requests from waiting on a dead Redis.</li>
 * </ul>
 * Domain code uses it through a typed {@link CacheRegion}; the response cache uses it directly.
 */
public final class CacheEngine {

    private static final Duration PENDING_WRITE_WAIT = Duration.ofSeconds(5);

    private final CacheKeys keys;
    private final RedisGateway redis;
    private final RedisCalls calls;
    private final EntryReader reader;
    private final EntryWriter writer;
    private final LeaseCoordinator leases;
    private final ReplicatedInvalidation invalidations;
    private final NearCache near;
    private final CacheMetrics metrics;
    private final Duration newVersionTtl;
    private final Clock clock;

    /** @param newVersionTtl how long a version set up for a load lives unless an entry stored with it needs longer */
    CacheEngine(CacheKeys keys, RedisGateway redis, RedisCalls calls, EntryReader reader, EntryWriter writer,
            LeaseCoordinator leases, ReplicatedInvalidation invalidations, NearCache near, CacheMetrics metrics,
            Duration newVersionTtl, Clock clock) {
        this.near = near;
        this.newVersionTtl = newVersionTtl;
        this.clock = clock;
        this.keys = keys;
        this.redis = redis;
        this.calls = calls;
        this.reader = reader;
        this.writer = writer;
        this.leases = leases;
        this.invalidations = invalidations;
        this.metrics = metrics;
    }

    /** The seed's {@code get_with_fallback}: the cached value, or the loader's (stored for next time). */
    public <T> T getWithFallback(CacheRequest<T> request, Supplier<T> loader) {
        return lookup(request, () -> Optional.of(loader.get())).value().orElseThrow();
    }

    /** Like {@link #getWithFallback} for values that may not exist; "not found" is cached for a short while. */
    public <T> Optional<T> getOptional(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        return lookup(request, loader).value();
    }

    /** The value and whether it came from Redis, the database, or the database with Redis bypassed. */
    public <T> Cached<T> lookup(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        return lookup(request, loader, value -> true);
    }

    /**
     * Like {@link #lookup(CacheRequest, Supplier)}, storing the loaded value only if {@code storable} accepts it
     * (an error response, for instance, is returned but never cached).
     */
    public <T> Cached<T> lookup(CacheRequest<T> request, Supplier<Optional<T>> loader,
            Predicate<Optional<T>> storable) {
        return lookup(request, loader, storable, leases.background());
    }

    /**
     * Like {@link #lookup(CacheRequest, Supplier, Predicate)}; a value served STALE is recomputed on
     * {@code revalidation}, for a loader that must run on the caller's thread (after its answer is sent, say).
     */
    public <T> Cached<T> lookup(CacheRequest<T> request, Supplier<Optional<T>> loader,
            Predicate<Optional<T>> storable, Executor revalidation) {
        if (!calls.usable()) {
            return bypassed(request, loader);
        }
        Cached<T> kept = near.findServable(request);
        if (kept != null && kept.outcome() == CacheOutcome.HIT) {
            metrics.hit(request.type());
            return kept;
        }
        if (kept != null) {
            // Whether another instance has recomputed it already is for Redis to say, behind this caller.
            return servedStale(request, kept, () -> recomputeUnlessStored(request, loader, storable), revalidation);
        }
        EntryReader.Reads<T> read = read(request);
        if (read == null) {
            return bypassed(request, loader);
        }
        Predicate<Optional<T>> stored = storableAfter(read, storable);
        Cached<T> found = read.hits().get(0);
        if (found != null && found.outcome() == CacheOutcome.HIT) {
            metrics.hit(request.type());
            keep(request, read, 0);
            return found;
        }
        if (found != null) {
            return servedStale(request, found, () -> leases.recompute(request, read.versions(), loader, stored),
                    revalidation);
        }
        metrics.miss(request.type());
        Cached<T> loaded = leases.load(request, read.versions(), loader, stored);
        if (loaded.outcome() == CacheOutcome.STALE) {
            StaleReads.served(loaded.age());
        }
        return loaded;
    }

    /** A value served STALE; recomputed on {@code revalidation} once it is old enough for its type. */
    private <T> Cached<T> servedStale(CacheRequest<T> request, Cached<T> stale, Runnable recomputation,
            Executor revalidation) {
        metrics.stale(request.type());
        if (request.type().due(stale.age())) {
            leases.revalidate(request.key(), recomputation, revalidation);
        }
        StaleReads.served(stale.age());
        return stale;
    }

    /**
     * For a value the near cache served stale: reads the entry from Redis, keeps it if it is current by now (another
     * request or instance recomputed it), and otherwise recomputes it under its lease.
     */
    private <T> void recomputeUnlessStored(CacheRequest<T> request, Supplier<Optional<T>> loader,
            Predicate<Optional<T>> storable) {
        EntryReader.Reads<T> read = read(request);
        if (read == null) {
            return;
        }
        Cached<T> found = read.hits().get(0);
        if (found != null && found.outcome() == CacheOutcome.HIT) {
            keep(request, read, 0);
            return;
        }
        leases.recompute(request, read.versions(), loader, storableAfter(read, storable));
    }

    /**
     * "Not found" for tags nobody has cached anything under is not remembered: a stranger asking for ids that do
     * not exist leaves only short-lived versions behind.
     */
    private static <T> Predicate<Optional<T>> storableAfter(EntryReader.Reads<T> read,
            Predicate<Optional<T>> storable) {
        return read.versions().missing().isEmpty() ? storable : storable.and(Optional::isPresent);
    }

    /**
     * The valid entry if Redis holds one (a HIT), else a MISS or a BYPASS without a value: nothing is loaded,
     * stored or set up in Redis. For requests that may be answered from the cache but must not fill it (a HEAD, a
     * conditional request that wants no body).
     */
    public <T> Cached<T> peek(CacheRequest<T> request) {
        Cached<T> kept = calls.usable() ? near.find(request) : null;
        if (kept != null) {
            metrics.hit(request.type());
            return kept;
        }
        EntryReader.Reads<T> read = calls.usable() ? read(request) : null;
        if (read == null) {
            metrics.bypass(request.type());
            return new Cached<>(Optional.empty(), CacheOutcome.BYPASS);
        }
        Cached<T> found = read.hits().get(0);
        if (found != null && found.outcome() == CacheOutcome.HIT) {
            metrics.hit(request.type());
            keep(request, read, 0);
            return found;
        }
        metrics.miss(request.type());
        return new Cached<>(Optional.empty(), CacheOutcome.MISS);
    }

    /**
     * The stored value whatever its versions, while its TTL lasts: for serving stale-if-error when the database
     * fails. Never use it where freshness is required.
     */
    public <T> Optional<T> lastKnown(CacheRequest<T> request) {
        return calls.usable() ? reader.lastKnown(request) : Optional.empty();
    }

    /**
     * The seed's {@code batch_cache_get}: valid entries for all requests in one MGET (entries, epoch and tag
     * versions together), keyed by cache key. Requests without a valid entry are absent from the result.
     */
    public <T> Map<String, Optional<T>> getAll(List<CacheRequest<T>> requests) {
        Map<String, Optional<T>> found = new LinkedHashMap<>();
        EntryReader.Reads<T> read = requests.isEmpty() || !calls.usable() ? null : read(requests);
        if (read == null) {
            return found;
        }
        for (int i = 0; i < requests.size(); i++) {
            Cached<T> hit = read.hits().get(i);
            if (hit != null && hit.outcome() == CacheOutcome.HIT) {
                metrics.hit(requests.get(i).type());
                found.put(requests.get(i).key(), hit.value());
                keep(requests.get(i), read, i);
            } else {
                metrics.miss(requests.get(i).type());
            }
        }
        return found;
    }

    /**
     * The seed's batch set by pipeline, for warming and bulk loads: reads the versions of all requests (one MGET,
     * setting up missing ones), then calls {@code loader} for their values (keyed by cache key; absent keys are
     * skipped), then writes every entry in one pipeline. Reading versions first keeps the no-stale-set guarantee.
     * Returns the number of entries written.
     */
    public <T> int putAll(List<CacheRequest<T>> requests,
            Function<List<CacheRequest<T>>, Map<String, Optional<T>>> loader) {
        if (requests.isEmpty() || !calls.usable()) {
            return 0;
        }
        CacheType type = requests.get(0).type();
        List<String> versionKeys = VersionReading.keysOf(keys, requests);
        RedisCalls.Result<List<byte[]>> replies = calls.run("mget", type, () -> redis.mget(versionKeys));
        if (!replies.ok()) {
            return 0;
        }
        VersionReading read = VersionReading.of(keys.epoch(), versionKeys, replies.value());
        List<String> missing = read.missing();
        RedisCalls.Result<List<Long>> set = missing.isEmpty() ? new RedisCalls.Result<>(List.of(), true)
                : calls.run("set", type, () -> redis.initVersions(missing,
                        VersionReading.freshValues(missing.size()), newVersionTtl));
        if (!set.ok()) {
            return 0;
        }
        VersionReading versions = read.with(missing, set.value());
        long loadedAt = clock.millis();
        Map<String, Optional<T>> values = loader.apply(requests);
        List<RedisGateway.Landing> writes = new ArrayList<>();
        for (CacheRequest<T> request : requests) {
            Optional<T> value = values.get(request.key());
            if (value != null) {
                writer.entry(request, versions.snapshot(keys, request), loadedAt, value)
                        .ifPresent(write -> writes.add(new RedisGateway.Landing(write, null)));
            }
        }
        if (!writes.isEmpty()) {
            writer.write(type, writes);
        }
        return writes.size();
    }

    /** Removes one entry; a write of it this instance has on its way lands first, so that none outlives this. */
    public void invalidate(String key) {
        writer.awaitWrite(key, PENDING_WRITE_WAIT);
        invalidations.delete(key);
        near.invalidate(key);
    }

    /**
     * Makes every entry tagged with any of {@code tags} stale: one INCR per tag, O(1) whatever the entry count, held
     * by the replicas asked for before this returns ({@link ReplicatedInvalidation}). Each bump is announced to the
     * instances' near caches. This call returns, for an acknowledged tag (every tag by default), once every instance
     * has applied the bumps or the silence has passed; otherwise once this instance has heard its own announcements
     * (or given up on them after the silence, forgetting the versions it bumped).
     */
    public void invalidateTags(String... tags) {
        List<String> tagList = Arrays.stream(tags).map(CacheKeys::requireTag).toList();
        List<String> tagKeys = tagList.stream().map(keys::tag).toList();
        long mark = near.mark();
        near.invalidated(tagList, tagKeys, mark, invalidations.bumpTags(tagKeys));
    }

    /**
     * The versions of {@code tags} are read with this thread's next read from Redis, in the same MGET, and count
     * for the rest of the request as that read's own: a near hit on them afterwards needs them unchanged as of
     * that round trip, not only as the notifications say. For a request that reads something else first (the
     * caller's auth context) before the entry it is about to look up. Nothing is read when every one of
     * {@code tags} is acknowledged (a write of them is answered once every instance applied it); otherwise no near
     * hit precedes that read.
     */
    public void readAhead(Collection<String> tags) {
        if (near.readsAhead(tags)) {
            near.readAhead(tags.stream().map(CacheKeys::requireTag).map(keys::tag).toList());
        }
    }

    /**
     * The request this thread served is over: the versions its reads returned stop counting for the near cache.
     * Called by whatever serves requests on pooled threads, once per request.
     */
    public void requestDone() {
        near.requestDone();
    }

    /** One MGET of the entries and their versions; the versions also go to the near cache. */
    private <T> EntryReader.Reads<T> read(CacheRequest<T> request) {
        return read(List.of(request));
    }

    private <T> EntryReader.Reads<T> read(List<CacheRequest<T>> requests) {
        long mark = near.mark();
        EntryReader.Reads<T> read = reader.read(requests, near.takeReadAhead());
        if (read != null) {
            near.observed(mark, read.versions());
        }
        return read;
    }

    /** Keeps the {@code i}th hit of {@code read} in the near cache, when it came from Redis. */
    private <T> void keep(CacheRequest<T> request, EntryReader.Reads<T> read, int i) {
        EntryReader.Stored stored = read.stored().get(i);
        Optional<T> value = read.hits().get(i).value();
        if (stored != null && value.isPresent()) {
            near.keep(request, value.get(), read.versions().snapshot(keys, request), stored.bytes(),
                    stored.loadedAt());
        }
    }

    /**
     * Waits up to {@code limit} until the entries this instance writes behind its callers have landed, and the
     * entries their writes evicted are unlinked; whether they all did. For whoever inspects Redis directly right
     * after a lookup answered.
     */
    public boolean awaitWrites(Duration limit) {
        return writer.awaitWrites(limit);
    }

    /**
     * Whether Redis may be used right now: caching is enabled and the circuit breaker lets requests through. Other
     * users of the same Redis (rate limits) consult it so that they stop waiting on a dead Redis when the cache does.
     */
    public boolean redisAvailable() {
        return calls.usable();
    }

    private <T> Cached<T> bypassed(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        metrics.bypass(request.type());
        metrics.load(request.type());
        return new Cached<>(loader.get(), CacheOutcome.BYPASS);
    }
}
