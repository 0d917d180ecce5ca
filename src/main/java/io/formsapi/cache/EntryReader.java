package io.formsapi.cache;

import java.util.ArrayList;
import java.util.List;
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

    EntryReader(CacheKeys keys, RedisGateway redis, RedisCalls calls, EntryCodec codec, CacheMetrics metrics,
            PendingEntries pending) {
        this.keys = keys;
        this.redis = redis;
        this.calls = calls;
        this.codec = codec;
        this.metrics = metrics;
        this.pending = pending;
    }

    /**
     * What one MGET found for each request, in order: a valid entry or null, and the versions read (some perhaps
     * missing). Null when Redis failed.
     */
    record Reads<T>(List<Cached<T>> hits, VersionReading versions) {
    }

    <T> Reads<T> read(List<CacheRequest<T>> requests) {
        List<PendingEntries.Pending> pendingBefore = requests.stream().map(r -> pending.get(r.key())).toList();
        List<String> versionKeys = VersionReading.keysOf(keys, requests);
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
        for (int i = 0; i < requests.size(); i++) {
            CacheRequest<T> request = requests.get(i);
            VersionSnapshot current = versions.snapshot(keys, request);
            Cached<T> hit = validHit(request, values.get(i), current);
            PendingEntries.Pending written = pendingBefore.get(i);
            hits.add(hit == null && written != null ? written.hitFor(request, current) : hit);
        }
        return new Reads<>(hits, versions);
    }

    /** A hit if the stored bytes decode and carry exactly the current versions; corrupt bytes are deleted. */
    <T> Cached<T> validHit(CacheRequest<T> request, byte[] stored, VersionSnapshot current) {
        if (stored == null || current == null) {
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
            calls.run("delete", request.type(), () -> redis.unlink(List.of(request.key())));
            return null;
        }
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
