package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.formsapi.cache.codec.CorruptValueException;

/**
 * Reads entries together with the epoch and the versions of their tags, in one MGET, and decides which are
 * valid: an entry is served only if it decodes and carries exactly the current versions. Corrupt entries are
 * deleted. An entry this instance loaded and is still writing counts as stored ({@link PendingEntries}).
 */
final class EntryReader {

    private static final Logger log = LoggerFactory.getLogger(EntryReader.class);

    private final CacheKeys keys;
    private final RedisGateway redis;
    private final RedisCalls calls;
    private final EntryCodec codec;
    private final CacheMetrics metrics;
    private final PendingEntries pending;
    private final Clock clock;

    EntryReader(CacheKeys keys, RedisGateway redis, RedisCalls calls, EntryCodec codec, CacheMetrics metrics,
            PendingEntries pending, Clock clock) {
        this.keys = keys;
        this.redis = redis;
        this.calls = calls;
        this.codec = codec;
        this.metrics = metrics;
        this.pending = pending;
        this.clock = clock;
    }

    /**
     * What one MGET found for each request, in order: a valid entry (a HIT), a value its bounded type may still
     * serve (STALE), or null; the versions read (some perhaps missing); and, for each hit read from Redis (not one
     * still being written by this instance), its stored size and load time, else null. Null when Redis failed.
     */
    record Reads<T>(List<Cached<T>> hits, VersionReading versions, List<Stored> stored) {
    }

    /** How large a hit was as stored in Redis, and when its load began; for the near cache. */
    record Stored(int bytes, long loadedAt) {
    }

    <T> Reads<T> read(List<CacheRequest<T>> requests) {
        return read(requests, List.of());
    }

    /** The same, reading the versions under {@code alsoVersions} in the same MGET. */
    <T> Reads<T> read(List<CacheRequest<T>> requests, List<String> alsoVersions) {
        List<PendingEntries.Pending> pendingBefore = requests.stream().map(r -> pending.get(r.key())).toList();
        List<String> versionKeys = new ArrayList<>(VersionReading.keysOf(keys, requests));
        alsoVersions.stream().filter(key -> !versionKeys.contains(key)).forEach(versionKeys::add);
        List<String> mget = new ArrayList<>(requests.size() + versionKeys.size());
        requests.forEach(request -> mget.add(request.key()));
        mget.addAll(versionKeys);
        RedisCalls.Result<List<byte[]>> replies = calls.run(requests.size() == 1 ? "get" : "mget",
                requests.get(0).type(), () -> redis.mget(mget));
        if (!replies.ok()) {
            return null;
        }
        List<byte[]> values = replies.value();
        VersionReading versions = VersionReading.of(keys.epoch(), versionKeys,
                values.subList(requests.size(), values.size()));
        List<Cached<T>> hits = new ArrayList<>(requests.size());
        List<Stored> stored = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            CacheRequest<T> request = requests.get(i);
            VersionSnapshot current = versions.snapshot(keys, request);
            EntryCodec.Entry entry = current == null ? null : decode(request, values.get(i));
            Cached<T> found = entry == null ? null : servable(request, entry, current);
            PendingEntries.Pending written = pendingBefore.get(i);
            Cached<T> chosen = better(found, written == null ? null : servable(request, written, current));
            hits.add(chosen);
            stored.add(chosen != null && chosen == found && found.outcome() == CacheOutcome.HIT
                    ? new Stored(values.get(i).length, entry.loadedAt()) : null);
        }
        return new Reads<>(hits, versions, stored);
    }

    /** A hit if the stored bytes decode and carry exactly the current versions; corrupt bytes are deleted. */
    <T> Cached<T> validHit(CacheRequest<T> request, byte[] stored, VersionSnapshot current) {
        EntryCodec.Entry entry = current == null ? null : decode(request, stored);
        return entry == null || !entry.versions().equals(current) ? null : bind(request, entry, CacheOutcome.HIT,
                Duration.ZERO);
    }

    /**
     * A hit, or else the value of an entry its bounded type may still serve: same epoch, loaded at most the type's
     * {@code max-staleness} ago, and every tag whose version moved since is one the request may be stale across.
     * The age counts from when the load began, so the value reflects the data as of then or later.
     */
    private <T> Cached<T> servable(CacheRequest<T> request, EntryCodec.Entry entry, VersionSnapshot current) {
        if (entry.versions().equals(current)) {
            return bind(request, entry, CacheOutcome.HIT, Duration.ZERO);
        }
        Duration age = staleAge(request, entry.versions(), entry.loadedAt(), current);
        return age == null ? null : bind(request, entry, CacheOutcome.STALE, age);
    }

    /** The same decision for an entry this instance loaded and is still writing. */
    private <T> Cached<T> servable(CacheRequest<T> request, PendingEntries.Pending pending, VersionSnapshot current) {
        if (current == null) {
            return null;
        }
        if (pending.versions().equals(current)) {
            return pending.as(request, CacheOutcome.HIT, Duration.ZERO);
        }
        Duration age = staleAge(request, pending.versions(), pending.loadedAt(), current);
        return age == null ? null : pending.as(request, CacheOutcome.STALE, age);
    }

    /** How old a value loaded at {@code loadedAt} under {@code loadedWith} is, if it may be served stale; else null. */
    private Duration staleAge(CacheRequest<?> request, VersionSnapshot loadedWith, long loadedAt,
            VersionSnapshot current) {
        if (!request.type().bounded() || loadedWith.epoch() != current.epoch() || loadedAt <= 0
                || !loadedWith.tags().keySet().equals(current.tags().keySet())) {
            return null;
        }
        for (Map.Entry<String, Long> tag : current.tags().entrySet()) {
            if (!tag.getValue().equals(loadedWith.tags().get(tag.getKey()))
                    && !request.staleAcross().contains(tag.getKey())) {
                return null;
            }
        }
        Duration age = Duration.ofMillis(Math.max(0, clock.millis() - loadedAt));
        return age.compareTo(request.type().maxStaleness()) > 0 ? null : age;
    }

    /** A hit over a stale value, and the younger of two stale ones. */
    private static <T> Cached<T> better(Cached<T> a, Cached<T> b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (a.outcome() == CacheOutcome.HIT || b.outcome() == CacheOutcome.HIT) {
            return a.outcome() == CacheOutcome.HIT ? a : b;
        }
        return a.age().compareTo(b.age()) <= 0 ? a : b;
    }

    /** The decoded entry, or null when absent or undecodable (then deleted). */
    private EntryCodec.Entry decode(CacheRequest<?> request, byte[] stored) {
        if (stored == null) {
            return null;
        }
        try {
            return codec.decode(stored);
        } catch (CorruptValueException e) {
            dropCorrupt(request, e);
            return null;
        }
    }

    private <T> Cached<T> bind(CacheRequest<T> request, EntryCodec.Entry entry, CacheOutcome outcome, Duration age) {
        try {
            Optional<T> value = entry.notFound() ? Optional.empty()
                    : Optional.of(codec.bind(entry.value(), request.valueType()));
            return new Cached<>(value, outcome, age);
        } catch (CorruptValueException e) {
            dropCorrupt(request, e);
            return null;
        }
    }

    private void dropCorrupt(CacheRequest<?> request, CorruptValueException e) {
        metrics.corrupt(request.type());
        log.warn("Deleting undecodable cache entry {}: {}", request.key(), e.getMessage());
        calls.run("delete", request.type(), () -> redis.unlink(List.of(request.key())));
    }

    /** The stored value whatever its versions, while its TTL lasts. */
    <T> Optional<T> lastKnown(CacheRequest<T> request) {
        RedisCalls.Result<List<byte[]>> stored = calls.run("get", request.type(),
                () -> redis.mget(List.of(request.key())));
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
}
