package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores entries: encodes each with the versions it was loaded under, refuses values above the entry size
 * ceiling, writes a batch (values, their TTLs, the versions they keep alive, the types' indexes, and the lease
 * that guarded the load) in one pipeline, and unlinks what the types' limits evicted off the caller's path. A
 * loaded entry is encoded and written behind: its caller answers while the write is on its way, and the writes that
 * queue up meanwhile land together, in one round trip per type.
 */
final class EntryWriter implements AutoCloseable {

    private static final int EVICTIONS_QUEUED = 64;
    private static final int WRITES_QUEUED = 256;
    /** At most this many loads' writes in one round trip: bounds a pipeline's size (entries up to 256 KB each). */
    private static final int WRITES_PER_ROUND_TRIP = 32;
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
     * The loads whose writes are on their way. Each of the {@value #WRITE_THREADS} threads takes what has queued up
     * (at most {@value #WRITES_PER_ROUND_TRIP}) and lands it in one round trip per type, so that a burst of misses
     * costs a few round trips rather than one each and the writers keep up. When {@value #WRITES_QUEUED} are
     * queued, or once closed, the caller writes its own: what is pending stays bounded, and every lease taken is
     * given back.
     */
    private final BlockingQueue<Behind> behind = new ArrayBlockingQueue<>(WRITES_QUEUED);
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITE_THREADS, r -> {
        Thread thread = new Thread(r, "cache-writes");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /**
     * One load's write behind: its entry, encoded on the writer's thread (empty when there is nothing to store), its
     * lease, and what to run once it landed.
     */
    private record Behind(CacheType type, Supplier<Optional<RedisGateway.Write>> entry, RedisGateway.Release release,
            Runnable done) {
    }

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
        for (int i = 0; i < WRITE_THREADS; i++) {
            writers.execute(this::writeWhatQueues);
        }
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

    /** Writes the landings (entries of {@code type}, leases) in one round trip. */
    void write(CacheType type, List<RedisGateway.Landing> landings) {
        RedisCalls.Result<List<String>> evicted = calls.run("set", type,
                () -> redis.write(landings, clock.millis()));
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
        Behind write = new Behind(request.type(),
                store ? () -> encoded(request, versions, loadedAt, value) : Optional::empty, release, () -> {
                    try {
                        whenDone.run();
                    } finally {
                        if (entry != null) {
                            pending.landed(entry);
                        }
                        writing.decrementAndGet();
                    }
                });
        // A write queued as the writers stop would stay queued: the caller takes it back and writes it itself.
        if (closed || !behind.offer(write) || closed && behind.remove(write)) {
            land(List.of(write));
        }
    }

    /** A writer thread's loop: takes what has queued up and lands it, until the writer is closed. */
    private void writeWhatQueues() {
        List<Behind> batch = new ArrayList<>(WRITES_PER_ROUND_TRIP);
        while (true) {
            try {
                batch.add(behind.take());
            } catch (InterruptedException e) {
                return;
            }
            behind.drainTo(batch, WRITES_PER_ROUND_TRIP - 1);
            land(batch);
            batch.clear();
        }
    }

    /**
     * Lands the writes, one round trip per type, each write's {@code done} run whatever the outcome. Never throws:
     * a writer thread that stopped on a failure would leave its share of the writes to the callers for good.
     */
    private void land(List<Behind> writes) {
        Map<CacheType, List<Behind>> byType = new LinkedHashMap<>();
        writes.forEach(write -> byType.computeIfAbsent(write.type(), t -> new ArrayList<>()).add(write));
        byType.forEach((type, ofType) -> {
            try {
                List<RedisGateway.Landing> landings = new ArrayList<>(ofType.size());
                for (Behind write : ofType) {
                    RedisGateway.Write entry = write.entry().get().orElse(null);
                    if (entry != null || write.release() != null) {
                        landings.add(new RedisGateway.Landing(entry, write.release()));
                    }
                }
                if (!landings.isEmpty()) {
                    write(type, landings);
                }
            } catch (RuntimeException e) {
                log.warn("Writing {} cache entries of type {} failed: {}", ofType.size(), type.name(), e.toString());
            } finally {
                ofType.forEach(write -> write.done().run());
            }
        });
    }

    /** The entry's write, or none when it is too large or cannot be encoded: the value is served, not cached. */
    private <T> Optional<RedisGateway.Write> encoded(CacheRequest<T> request, VersionSnapshot versions, long loadedAt,
            Optional<T> value) {
        try {
            return entry(request, versions, loadedAt, value);
        } catch (RuntimeException e) {
            log.warn("Encoding the cache entry {} failed: {}", request.key(), e.toString());
            return Optional.empty();
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

    /**
     * Lets the writes behind land (briefly: they only save loads) before the connection goes; those still queued
     * after that are given up, their leases left to expire.
     */
    @Override
    public void close() {
        closed = true;
        awaitWrites(SHUTDOWN_WAIT);
        writers.shutdownNow();
        List<Behind> givenUp = new ArrayList<>();
        behind.drainTo(givenUp);
        givenUp.forEach(write -> write.done().run());
        evictions.shutdown();
    }
}
