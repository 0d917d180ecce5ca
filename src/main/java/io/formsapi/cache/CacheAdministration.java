package io.formsapi.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What operators do to the cache as a whole: purges by pattern, flushing the namespace, figures, exclusive work
 * (such as warming) that only one instance should do at a time, and the memory limit.
 */
public final class CacheAdministration {

    private static final int SCAN_BATCH = 500;

    private final CacheKeys keys;
    private final CacheTypes types;
    private final RedisGateway redis;
    private final RedisCalls calls;
    private final CacheMetrics metrics;
    private final RedisObserver observer;
    private final Duration sampleWait;
    private final NearCache near;

    /** @param sampleWait how long {@link #stats()} waits for Redis's current figures */
    CacheAdministration(CacheKeys keys, CacheTypes types, RedisGateway redis, RedisCalls calls, CacheMetrics metrics,
            RedisObserver observer, Duration sampleWait, NearCache near) {
        this.sampleWait = sampleWait;
        this.near = near;
        this.keys = keys;
        this.types = types;
        this.redis = redis;
        this.calls = calls;
        this.metrics = metrics;
        this.observer = observer;
    }

    /**
     * The seed's {@code invalidate_pattern}, for administrative purges: SCAN + UNLINK in batches (on every master
     * of a cluster), confined to this application's namespace. Build patterns from ids with
     * {@link CacheKeys#prefixPattern} or {@link CacheKeys#escapeGlob}. Keys removed this way (versions among them)
     * announce nothing, so every instance's near cache is dropped too.
     */
    public long invalidatePattern(String glob) {
        Long removed = calls.invalidation("scan",
                () -> redis.unlinkMatching(keys.namespacedPattern(glob), SCAN_BATCH));
        near.invalidateAll();
        return removed == null ? 0 : removed;
    }

    /** Removes every key of this application's namespace (entries, tags, indexes, epoch), and every near cache. */
    public long flushNamespace() {
        Long removed = calls.invalidation("scan", () -> redis.unlinkMatching(keys.namespacePattern(), SCAN_BATCH));
        near.invalidateAll();
        return removed == null ? 0 : removed;
    }

    /**
     * Figures for operators: the application's own counters per type, and what Redis reported in its latest
     * sample.
     */
    public CacheStats stats() {
        Optional<RedisObserver.Sample> sample = calls.enabled() ? recentSample() : Optional.empty();
        return CacheStats.of(calls.enabled(), calls.breakerState(), types.all(), metrics, sample);
    }

    /** A sample taken now if Redis answers within the wait, else the latest one; only answered samples count. */
    private Optional<RedisObserver.Sample> recentSample() {
        RedisObserver.Sample now = observer.sampleWithin(sampleWait);
        return now.answered() ? Optional.of(now) : observer.latest().filter(RedisObserver.Sample::answered);
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
        if (!calls.usable()) {
            return Optional.empty();
        }
        String leaseKey = keys.lease(keys.key("exclusive", name));
        String token = UUID.randomUUID().toString();
        RedisCalls.Result<Boolean> taken = calls.run("lease", null, () -> redis.acquireLease(leaseKey, token, ttl));
        if (!taken.ok() || !taken.value()) {
            return Optional.empty();
        }
        return Optional.of(() -> calls.run("lease", null, () -> redis.releaseLease(leaseKey, token)));
    }

    /** Sets maxmemory and the allkeys-lru policy; throws when the server refuses CONFIG SET. */
    public void applyMemoryLimit(String maxMemory) {
        redis.configSet("maxmemory", maxMemory);
        redis.configSet("maxmemory-policy", "allkeys-lru");
    }
}
