package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores entries: encodes each with the versions it was loaded under, refuses values above the entry size
 * ceiling, writes a batch (values, their TTLs, the versions they keep alive, the types' indexes, and the lease
 * that guarded the load) in one pipeline, and unlinks what the types' limits evicted off the caller's path. A
 * loaded entry is encoded and written behind: its caller answers while the write is on its way.
 */
final class EntryWriter implements AutoCloseable {

    private static final int EVICTIONS_QUEUED = 64;
    private static final int WRITES_QUEUED = 64;
    private static final int WRITE_THREADS = 2;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(EntryWriter.class);

    private final CacheProperties properties;
    private final CacheKeys keys;
    private final RedisGateway redis;
    private final RedisCalls calls;
    private final EntryCodec codec;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final PendingEntries pending;
    private final AtomicInteger writing = new AtomicInteger();
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
    /**
     * The threads that write loaded entries behind their callers. When they fall behind by {@value #WRITES_QUEUED}
     * writes, or once shut down, the caller writes its own: what is pending stays bounded, and every lease taken is
     * given back.
     */
    private final ThreadPoolExecutor writesBehind = new ThreadPoolExecutor(WRITE_THREADS, WRITE_THREADS, 0,
            TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WRITES_QUEUED), r -> {
                Thread thread = new Thread(r, "cache-writes");
                thread.setDaemon(true);
                return thread;
            }, (write, executor) -> write.run());

    EntryWriter(CacheProperties properties, CacheKeys keys, RedisGateway redis, RedisCalls calls, EntryCodec codec,
            CacheMetrics metrics, Clock clock, PendingEntries pending) {
        this.properties = properties;
        this.keys = keys;
        this.redis = redis;
        this.calls = calls;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.pending = pending;
    }

    /**
     * The write of one entry loaded from {@code loadedAt} (epoch milliseconds) under {@code versions}, or empty when
     * the value is too large to store (it is served, not cached).
     */
    <T> Optional<RedisGateway.Write> entry(CacheRequest<T> request, VersionSnapshot versions, long loadedAt,
            Optional<T> value) {
        CacheType type = request.type();
        Duration ttl = value.isPresent() || properties.negativeTtl().compareTo(request.ttl()) > 0
                ? request.ttl() : properties.negativeTtl();
        byte[] encoded;
        try {
            encoded = codec.encode(versions, loadedAt, value);
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
            // once shut down the unlink would be dropped; the evicted entries then just expire
            if (!evictions.isShutdown()) {
                writing.incrementAndGet();
                evictions.execute(() -> {
                    try {
                        calls.run("delete", type, () -> redis.unlink(evicted.value()));
                    } finally {
                        writing.decrementAndGet();
                    }
                });
            }
        }
    }

    /**
     * Encodes and writes one loaded entry (if {@code store}; not one above the size ceiling) and gives back
     * {@code release} (if not null), both off the caller's path; until then, lookups in this instance find the value
     * in {@link PendingEntries}. {@code whenDone} runs once the round trip is over, whatever its outcome.
     */
    <T> void writeBehind(CacheRequest<T> request, VersionSnapshot versions, long loadedAt, Optional<T> value,
            boolean store, RedisGateway.Release release, Runnable whenDone) {
        if (!store && release == null) {
            whenDone.run();
            return;
        }
        PendingEntries.Pending entry = store ? pending.add(request.key(), versions, loadedAt, value) : null;
        writing.incrementAndGet();
        writesBehind.execute(() -> {
            try {
                List<RedisGateway.Write> writes = store ? encoded(request, versions, loadedAt, value) : List.of();
                if (!writes.isEmpty() || release != null) {
                    write(request.type(), writes, release);
                }
            } finally {
                whenDone.run();
                if (entry != null) {
                    pending.landed(entry);
                }
                writing.decrementAndGet();
            }
        });
    }

    /** The entry's write, or none when it is too large or cannot be encoded: the value is served, not cached. */
    private <T> List<RedisGateway.Write> encoded(CacheRequest<T> request, VersionSnapshot versions, long loadedAt,
            Optional<T> value) {
        try {
            return entry(request, versions, loadedAt, value).map(List::of).orElse(List.of());
        } catch (RuntimeException e) {
            log.warn("Encoding the cache entry {} failed: {}", request.key(), e.toString());
            return List.of();
        }
    }

    /** Waits up to {@code limit} for the write behind of {@code key}, if one is on its way. */
    void awaitWrite(String key, Duration limit) {
        pending.awaitLanded(key, limit);
    }

    /**
     * Waits up to {@code limit} until no write behind, and no unlink of the entries a write evicted, is on its way;
     * whether none is.
     */
    boolean awaitWrites(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (writing.get() > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return writing.get() == 0;
    }

    /** Lets the writes behind land (briefly: they only save loads) before the connection goes. */
    @Override
    public void close() {
        writesBehind.shutdown();
        try {
            writesBehind.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        evictions.shutdown();
    }
}
