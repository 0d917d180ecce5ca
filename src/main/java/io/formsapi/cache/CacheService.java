package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.formsapi.cache.codec.CorruptValueException;

/**
 * Cache-aside over Redis with the guarantees the rest of the application relies on:
 * <ul>
 * <li>an entry is served only if the epoch and the versions of its tags are what they were before its value was
 * loaded, so invalidating a tag (one INCR) makes every dependent entry stale and no stale set survives;</li>
 * <li>"not found" is cached too, briefly, and an empty value is a hit;</li>
 * <li>concurrent misses share one load in this JVM, and one instance loads under a Redis lease while the others
 * wait a bounded time for its value;</li>
 * <li>Redis failing in any way (down, paused, full, garbage) never fails a caller: the loader's value is
 * returned, and a circuit breaker stops requests from waiting on a dead Redis.</li>
 * </ul>
 */
public class CacheService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheService.class);
    private static final int SCAN_BATCH = 500;
    private static final Duration MAX_POLL = Duration.ofMillis(50);

    private final boolean enabled;
    private final CacheKeys keys;
    private final CacheTypes types;
    private final CacheProperties properties;
    private final RedisGateway redis;
    private final EntryCodec codec;
    private final CacheBreaker breaker;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final SingleFlight flights = new SingleFlight();
    private final SecureRandom random = new SecureRandom();

    CacheService(CacheProperties properties, CacheKeys keys, CacheTypes types, RedisGateway redis,
            EntryCodec codec, CacheMetrics metrics, Clock clock) {
        this.enabled = properties.enabled();
        this.types = types;
        this.properties = properties;
        this.keys = keys;
        this.redis = redis;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.breaker = new CacheBreaker(properties.breaker(), () -> "PONG".equalsIgnoreCase(redis.ping()),
                () -> redis.bumpVersions(List.of(keys.epoch())), enabled);
        metrics.registerGauges(types.all(), () -> !"CLOSED".equals(breaker.state()));
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
        if (!enabled || !breaker.allows()) {
            return bypassed(request, loader);
        }
        Read<T> read = read(request);
        if (read.hit() != null) {
            metrics.hit(request.type());
            return read.hit();
        }
        if (read.versions() == null) {
            return bypassed(request, loader);
        }
        metrics.miss(request.type());
        // "Not found" for tags nobody has cached anything under is not remembered: a stranger asking for ids that
        // do not exist leaves only short-lived versions behind.
        Predicate<Optional<T>> worthStoring = read.fresh() ? storable.and(Optional::isPresent) : storable;
        return flights.run(new Flight(request.key(), read.versions()),
                () -> loadUnderLease(request, read.versions(), loader, worthStoring));
    }

    /**
     * The valid entry if Redis holds one (a HIT), else a MISS or a BYPASS without a value: nothing is loaded,
     * stored or set up in Redis. For requests that may be answered from the cache but must not fill it (a HEAD, a
     * conditional request that wants no body).
     */
    public <T> Cached<T> peek(CacheRequest<T> request) {
        if (!enabled || !breaker.allows()) {
            metrics.bypass(request.type());
            return new Cached<>(Optional.empty(), CacheOutcome.BYPASS);
        }
        Read<T> read = read(request, false);
        if (read.hit() != null) {
            metrics.hit(request.type());
            return read.hit();
        }
        if (read.versions() == null && !read.fresh()) {
            metrics.bypass(request.type());
            return new Cached<>(Optional.empty(), CacheOutcome.BYPASS);
        }
        metrics.miss(request.type());
        return new Cached<>(Optional.empty(), CacheOutcome.MISS);
    }

    /**
     * The stored value whatever its versions, while its TTL lasts: for serving stale-if-error when the database
     * fails. Never use it where freshness is required.
     */
    public <T> Optional<T> lastKnown(CacheRequest<T> request) {
        if (!enabled || !breaker.allows()) {
            return Optional.empty();
        }
        Attempt<List<byte[]>> stored = attempt("get", request.type(), () -> redis.mget(List.of(request.key())));
        if (!stored.ok() || stored.value().get(0) == null) {
            return Optional.empty();
        }
        try {
            EntryCodec.Entry entry = codec.decode(stored.value().get(0));
            return entry.notFound() ? Optional.empty() : Optional.of(codec.bind(entry.value(), request.valueType()));
        } catch (CorruptValueException e) {
            return Optional.empty();
        }
    }

    private <T> Cached<T> bypassed(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        metrics.bypass(request.type());
        metrics.load(request.type());
        return new Cached<>(loader.get(), CacheOutcome.BYPASS);
    }

    /** Removes one entry. */
    public void invalidate(String key) {
        deliverInvalidation("delete", () -> redis.unlink(List.of(key)));
    }

    /** Makes every entry tagged with any of {@code tags} stale: one INCR per tag, O(1) whatever the entry count. */
    public void invalidateTags(String... tags) {
        List<String> tagKeys = Arrays.stream(tags).map(CacheKeys::requireTag).map(keys::tag).toList();
        deliverInvalidation("delete", () -> {
            redis.bumpVersions(tagKeys);
            return null;
        });
    }

    /**
     * The seed's {@code invalidate_pattern}, for administrative purges: SCAN + UNLINK in batches (on every master
     * of a cluster), confined to this application's namespace. Build patterns from ids with
     * {@link CacheKeys#prefixPattern} or {@link CacheKeys#escapeGlob}.
     */
    public long invalidatePattern(String glob) {
        Long removed = deliverInvalidation("scan", () -> redis.unlinkMatching(keys.namespacedPattern(glob),
                SCAN_BATCH));
        return removed == null ? 0 : removed;
    }

    /** Removes every key of this application's namespace (entries, tags, indexes, epoch). */
    public long flushNamespace() {
        Long removed = deliverInvalidation("scan", () -> redis.unlinkMatching(keys.namespacePattern(), SCAN_BATCH));
        return removed == null ? 0 : removed;
    }

    /**
     * The seed's {@code batch_cache_get}: valid entries for all requests in one MGET (entries, epoch and tag
     * versions together). Requests without a valid entry are absent from the result.
     */
    public <T> Map<String, Optional<T>> batchGet(List<CacheRequest<T>> requests) {
        Map<String, Optional<T>> found = new LinkedHashMap<>();
        if (requests.isEmpty() || !enabled || !breaker.allows()) {
            return found;
        }
        List<String> versionKeys = versionKeys(requests);
        List<String> mget = new ArrayList<>(requests.stream().map(CacheRequest::key).toList());
        mget.addAll(versionKeys);
        Attempt<List<byte[]>> replies = attempt("mget", requests.get(0).type(), () -> redis.mget(mget));
        if (!replies.ok()) {
            return found;
        }
        Map<String, byte[]> versions = byKey(versionKeys,
                replies.value().subList(requests.size(), replies.value().size()));
        for (int i = 0; i < requests.size(); i++) {
            CacheRequest<T> request = requests.get(i);
            VersionSnapshot current = snapshot(request, versions);
            Cached<T> hit = current == null ? null : validHit(request, replies.value().get(i), current);
            if (hit != null) {
                metrics.hit(request.type());
                found.put(request.key(), hit.value());
            } else {
                metrics.miss(request.type());
            }
        }
        return found;
    }

    /**
     * Batch set by pipeline, for warming: reads the versions of all requests (one MGET), then calls
     * {@code loader} for their values (keyed by cache key; absent keys are skipped), then writes every entry in
     * one pipeline. Reading versions first keeps the no-stale-set guarantee. Returns the number of entries
     * written.
     */
    public <T> int batchSet(List<CacheRequest<T>> requests,
            Function<List<CacheRequest<T>>, Map<String, Optional<T>>> loader) {
        if (requests.isEmpty() || !enabled || !breaker.allows()) {
            return 0;
        }
        CacheType type = requests.get(0).type();
        List<String> versionKeys = versionKeys(requests);
        Attempt<List<byte[]>> replies = attempt("mget", type, () -> redis.mget(versionKeys));
        Map<String, byte[]> versions = replies.ok() ? currentVersions(type, versionKeys, replies.value()) : null;
        if (versions == null) {
            return 0;
        }
        Map<String, Optional<T>> values = loader.apply(requests);
        List<RedisGateway.Write> writes = new ArrayList<>();
        for (CacheRequest<T> request : requests) {
            Optional<T> value = values.get(request.key());
            if (value != null) {
                write(request, snapshot(request, versions), value).ifPresent(writes::add);
            }
        }
        persist(type, writes);
        return writes.size();
    }

    /** Figures for operators: the application's own counters per type, and what Redis reports. */
    public CacheStats stats() {
        Optional<Properties> info = enabled ? attemptQuietly(redis::info) : Optional.empty();
        Optional<Long> dbSize = enabled ? attemptQuietly(redis::dbSize) : Optional.empty();
        return CacheStats.of(enabled, breaker.state(), types.all(), metrics, info, dbSize);
    }

    /** Held exclusively across instances until closed, or until its TTL runs out if the holder dies. */
    public interface Exclusive extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the named lease if no instance holds it ({@code SET NX PX}), for work only one instance should do at
     * a time, such as warming. Empty when another instance holds it or Redis cannot be used.
     */
    public Optional<Exclusive> tryExclusive(String name, Duration ttl) {
        if (!enabled || !breaker.allows()) {
            return Optional.empty();
        }
        String leaseKey = keys.lease(keys.key("exclusive", name));
        String token = UUID.randomUUID().toString();
        Attempt<Boolean> taken = attempt("lease", null, () -> redis.acquireLease(leaseKey, token, ttl));
        if (!taken.ok() || !taken.value()) {
            return Optional.empty();
        }
        return Optional.of(() -> attempt("lease", null, () -> {
            redis.releaseLease(leaseKey, token);
            return null;
        }));
    }

    /** Redis INFO, when Redis may be used and answers; for sampling its figures. */
    Optional<Properties> redisInfo() {
        if (!enabled || !breaker.allows()) {
            return Optional.empty();
        }
        Attempt<Properties> info = attempt("info", null, redis::info);
        return info.ok() ? Optional.ofNullable(info.value()) : Optional.empty();
    }

    /**
     * Whether Redis may be used right now: caching is enabled and the circuit breaker lets requests through. Other
     * users of the same Redis (rate limits) consult it so that they stop waiting on a dead Redis when the cache does.
     */
    public boolean redisAvailable() {
        return enabled && breaker.allows();
    }

    /** For {@link CacheHealthCheck}: whether Redis is used at all. */
    boolean enabled() {
        return enabled;
    }

    /** For {@link CacheHealthCheck}: CLOSED, OPEN or RECOVERING, read without touching Redis. */
    String breakerState() {
        return breaker.state();
    }

    /** For {@link CacheHealthCheck}: the lookups of the sliding window. */
    LookupWindow.Counts window() {
        return metrics.window();
    }

    /** For {@link CacheHealthCheck}, which bounds how long it waits for Redis itself. */
    RedisGateway redis() {
        return redis;
    }

    /** Sets maxmemory and the allkeys-lru policy; throws when the server refuses CONFIG SET. */
    void applyMemoryLimit(String maxMemory) {
        redis.configSet("maxmemory", maxMemory);
        redis.configSet("maxmemory-policy", "allkeys-lru");
    }

    @Override
    public void close() {
        breaker.close();
    }

    private record Flight(String key, VersionSnapshot versions) {
    }

    /**
     * Either a hit, or the versions a load must be stored with, or neither (Redis failed: bypass). {@code fresh}:
     * some version was missing (and has just been set, if asked to), so nothing has been cached under these tags
     * for a while.
     */
    private record Read<T>(Cached<T> hit, VersionSnapshot versions, boolean fresh) {
    }

    private record Attempt<T>(T value, boolean ok) {
    }

    private <T> Read<T> read(CacheRequest<T> request) {
        return read(request, true);
    }

    private <T> Read<T> read(CacheRequest<T> request, boolean initialiseMissing) {
        List<String> versionKeys = versionKeys(List.of(request));
        List<String> mget = new ArrayList<>(versionKeys.size() + 1);
        mget.add(request.key());
        mget.addAll(versionKeys);
        Attempt<List<byte[]>> replies = attempt("get", request.type(), () -> redis.mget(mget));
        if (!replies.ok()) {
            return new Read<>(null, null, false);
        }
        List<byte[]> versionValues = replies.value().subList(1, replies.value().size());
        VersionSnapshot current = snapshot(request, byKey(versionKeys, versionValues));
        if (current != null) {
            return new Read<>(validHit(request, replies.value().get(0), current), current, false);
        }
        if (!initialiseMissing) {
            return new Read<>(null, null, true);
        }
        // A version is missing, so no entry can be valid; the load needs versions to be stored with.
        Map<String, byte[]> initialised = currentVersions(request.type(), versionKeys, versionValues);
        return new Read<>(null, initialised == null ? null : snapshot(request, initialised), true);
    }

    /** A hit if the stored bytes decode and carry exactly the current versions; corrupt bytes are deleted. */
    private <T> Cached<T> validHit(CacheRequest<T> request, byte[] stored, VersionSnapshot current) {
        if (stored == null) {
            return null;
        }
        try {
            EntryCodec.Entry entry = codec.decode(stored);
            if (!entry.versions().equals(current)) {
                return null;
            }
            Optional<T> value = entry.notFound() ? Optional.empty()
                    : Optional.of(codec.bind(entry.value(), request.valueType()));
            return new Cached<>(value, CacheOutcome.HIT);
        } catch (CorruptValueException e) {
            metrics.corrupt(request.type());
            log.warn("Deleting undecodable cache entry {}: {}", request.key(), e.getMessage());
            attempt("delete", request.type(), () -> redis.unlink(List.of(request.key())));
            return null;
        }
    }

    /**
     * Loads under the entry's lease, exactly once across instances: each attempt to take the lease also reads the
     * entry, so a value stored since the miss (by this instance's previous flight or another instance) is served
     * instead of loaded again. While another instance holds the lease this one waits, for as long as the lease
     * lives: a crashed holder's lease expires after its TTL, and the next attempt takes it. A lease that outlives
     * twice its TTL (not one this code wrote) is given up on: the value is loaded and not stored.
     */
    private <T> Cached<T> loadUnderLease(CacheRequest<T> request, VersionSnapshot versions,
            Supplier<Optional<T>> loader, Predicate<Optional<T>> storable) {
        String leaseKey = keys.lease(request.key());
        String token = UUID.randomUUID().toString();
        Duration pause = properties.lease().poll();
        long giveUp = System.nanoTime() + properties.lease().ttl().multipliedBy(2).toNanos();
        boolean waited = false;
        while (true) {
            if (System.nanoTime() - giveUp > 0) {
                metrics.leaseWait(request.type(), false);
                return load(request, loader);
            }
            Attempt<RedisGateway.Lease> lease = attempt("lease", request.type(),
                    () -> redis.acquireLease(leaseKey, request.key(), token, properties.lease().ttl()));
            if (!lease.ok()) {
                return load(request, loader);
            }
            Cached<T> stored = validHit(request, lease.value().entry(), versions);
            if (waited && (stored != null || lease.value().taken())) {
                metrics.leaseWait(request.type(), stored != null);
            }
            if (lease.value().taken()) {
                try {
                    if (stored != null) {
                        return stored;
                    }
                    Cached<T> loaded = load(request, loader);
                    if (storable.test(loaded.value())) {
                        store(request, versions, loaded.value());
                    }
                    return loaded;
                } finally {
                    attempt("lease", request.type(), () -> {
                        redis.releaseLease(leaseKey, token);
                        return null;
                    });
                }
            }
            if (stored != null) {
                return stored;
            }
            waited = true;
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
    }

    private <T> Cached<T> load(CacheRequest<T> request, Supplier<Optional<T>> loader) {
        metrics.load(request.type());
        return new Cached<>(loader.get(), CacheOutcome.MISS);
    }

    private <T> void store(CacheRequest<T> request, VersionSnapshot versions, Optional<T> value) {
        write(request, versions, value).ifPresent(write -> persist(request.type(), List.of(write)));
    }

    /** The write of one entry, or empty when the value is too large to store (it is served, not cached). */
    private <T> Optional<RedisGateway.Write> write(CacheRequest<T> request, VersionSnapshot versions,
            Optional<T> value) {
        CacheType type = request.type();
        Duration ttl = value.isPresent() || properties.negativeTtl().compareTo(request.ttl()) > 0
                ? request.ttl() : properties.negativeTtl();
        byte[] encoded;
        try {
            encoded = codec.encode(versions, value);
        } catch (IllegalArgumentException aboveMaxValueSize) {
            encoded = null;
        }
        if (encoded == null || encoded.length > properties.maxEntrySize().toBytes()) {
            metrics.oversize(type);
            return Optional.empty();
        }
        return Optional.of(new RedisGateway.Write(request.key(), encoded, ttl, versionKeys(List.of(request)), type,
                keys.index(type), keys.sizes(type)));
    }

    /** Writes entries in one pipeline and unlinks what their types' limits evicted. */
    private void persist(CacheType type, List<RedisGateway.Write> writes) {
        Attempt<List<String>> evicted = attempt("set", type, () -> redis.write(writes, clock.millis()));
        if (evicted.ok() && !evicted.value().isEmpty()) {
            metrics.trimmed(type, evicted.value().size());
            attempt("delete", type, () -> redis.unlink(evicted.value()));
        }
    }

    private <T> List<String> versionKeys(List<CacheRequest<T>> requests) {
        List<String> versionKeys = new ArrayList<>();
        versionKeys.add(keys.epoch());
        requests.stream().flatMap(r -> r.tags().stream()).map(keys::tag).distinct().forEach(versionKeys::add);
        return versionKeys;
    }

    /** The request's slice of the current versions, or null if any of them is missing from Redis. */
    private VersionSnapshot snapshot(CacheRequest<?> request, Map<String, byte[]> versions) {
        Long epoch = number(versions.get(keys.epoch()));
        Map<String, Long> tags = new LinkedHashMap<>();
        for (String tag : request.tags()) {
            Long version = number(versions.get(keys.tag(tag)));
            if (version == null) {
                return null;
            }
            tags.put(tag, version);
        }
        return epoch == null ? null : new VersionSnapshot(epoch, tags);
    }

    private static Map<String, byte[]> byKey(List<String> keys, List<byte[]> values) {
        Map<String, byte[]> map = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), values.get(i));
        }
        return map;
    }

    /**
     * The versions read, keyed by version key, with missing ones (never set, or evicted) set to fresh random
     * values first: at least 2^40, so never equal to a small counter, and random, so that no entry recorded under
     * an earlier value of the same key can match again. Null if Redis failed.
     */
    private Map<String, byte[]> currentVersions(CacheType type, List<String> versionKeys, List<byte[]> values) {
        Map<String, byte[]> versions = byKey(versionKeys, values);
        List<String> missing = versionKeys.stream().filter(k -> number(versions.get(k)) == null).toList();
        if (missing.isEmpty()) {
            return versions;
        }
        List<Long> initial = missing.stream().map(k -> (1L << 40) + (random.nextLong() >>> 2)).toList();
        Attempt<List<Long>> set = attempt("set", type,
                () -> redis.initVersions(missing, initial, properties.lease().ttl()));
        if (!set.ok()) {
            return null;
        }
        for (int i = 0; i < missing.size(); i++) {
            versions.put(missing.get(i), String.valueOf(set.value().get(i)).getBytes(StandardCharsets.US_ASCII));
        }
        return versions;
    }

    private <R> R deliverInvalidation(String op, Supplier<R> command) {
        if (!enabled) {
            return null;
        }
        if (!breaker.allows()) {
            breaker.invalidationLost();
            return null;
        }
        Attempt<R> done = attempt(op, null, command);
        if (!done.ok()) {
            breaker.invalidationLost();
        }
        return done.value();
    }

    private <R> Attempt<R> attempt(String op, CacheType type, Supplier<R> command) {
        long started = System.nanoTime();
        try {
            R value = command.get();
            breaker.recordSuccess(started);
            metrics.latency(op, System.nanoTime() - started);
            return new Attempt<>(value, true);
        } catch (RuntimeException e) {
            breaker.recordFailure(started, e);
            metrics.error(type, op, e);
            log.debug("Redis {} failed: {}", op, e.toString());
            return new Attempt<>(null, false);
        }
    }

    private <R> Optional<R> attemptQuietly(Supplier<R> command) {
        try {
            return Optional.ofNullable(command.get());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Long number(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a cache lease", e);
        }
    }
}
