package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Stores entries: encodes each with the versions it was loaded under, refuses values above the entry size
 * ceiling, writes a batch (values, their TTLs, the versions they keep alive, the types' indexes, and the lease
 * that guarded the load) in one pipeline, and unlinks what the types' limits evicted off the caller's path.
 */
final class EntryWriter implements AutoCloseable {

    private static final int EVICTIONS_QUEUED = 64;

    private final CacheProperties properties;
    private final CacheKeys keys;
    private final RedisGateway redis;
    private final RedisCalls calls;
    private final EntryCodec codec;
    private final CacheMetrics metrics;
    private final Clock clock;
    /**
     * One thread unlinks what the limits evicted; when it falls behind by {@value #EVICTIONS_QUEUED} batches, the
     * writer unlinks its own, so that a flood of writes slows down instead of queueing keys in memory.
     */
    private final ThreadPoolExecutor evictions = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(EVICTIONS_QUEUED), r -> {
                Thread thread = new Thread(r, "cache-evictions");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    EntryWriter(CacheProperties properties, CacheKeys keys, RedisGateway redis, RedisCalls calls, EntryCodec codec,
            CacheMetrics metrics, Clock clock) {
        this.properties = properties;
        this.keys = keys;
        this.redis = redis;
        this.calls = calls;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The write of one entry, or empty when the value is too large to store (it is served, not cached). */
    <T> Optional<RedisGateway.Write> entry(CacheRequest<T> request, VersionSnapshot versions, Optional<T> value) {
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
        List<String> versionKeys = VersionReading.keysOf(keys, List.of(request));
        return Optional.of(new RedisGateway.Write(request.key(), encoded, ttl, versionKeys, type,
                keys.index(type), keys.sizes(type)));
    }

    /** Writes the entries and gives back {@code release} (if not null) in the same round trip. */
    void write(CacheType type, List<RedisGateway.Write> writes, RedisGateway.Release release) {
        RedisCalls.Result<List<String>> evicted = calls.run("set", type,
                () -> redis.write(writes, clock.millis(), release));
        if (evicted.ok() && !evicted.value().isEmpty()) {
            metrics.trimmed(type, evicted.value().size());
            evictions.execute(() -> calls.run("delete", type, () -> redis.unlink(evicted.value())));
        }
    }

    @Override
    public void close() {
        evictions.shutdown();
    }
}
