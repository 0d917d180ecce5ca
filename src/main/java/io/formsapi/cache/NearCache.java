package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * Entries Redis returned, kept in this instance's memory with the versions they were stored under: a hit costs
 * no round trip. A kept entry is served only while the feed is live and every version it depends on (the epoch and
 * its tags) is what the {@link VersionTable} holds, and what this request's own reads from Redis returned, when
 * they read that version (the response cache has the versions of the answer it is about to look up read with the
 * caller's auth context when that comes from Redis, {@link CacheEngine#readAhead}). A kept value of a bounded type
 * whose data tags have moved on is served from here as STALE under the rules Redis's copy would be (within the bound
 * counted from its load, the other tags and the epoch unchanged); misses and loads go through Redis.
 *
 * <p>Another instance's write reaches this cache when its notification does. A revocation (an acknowledged tag, a
 * flush) is answered only once every instance has applied it, or once the silence has passed, by which time an
 * instance that has not is bypassing its near cache ({@link VersionFeed#barrier}): auth contexts and permissions may
 * be kept. Any other write is answered once Redis has sent its notification to every subscriber
 * ({@link #invalidated}), so what remains is how long this instance takes to read it (measured in docs/CACHE.md,
 * "Near cache"), or at worst the silence, when it was lost.
 *
 * <p>Bounded by the stored (encoded) size of its entries; an entry lives no longer than it does in Redis.
 */
final class NearCache implements VersionFeed.Keeper {

    /** A request's own reads are forgotten beyond this many versions, before the next read is noted. */
    private static final int REQUEST_VERSIONS_KEPT = 64;
    /** What keeping an entry costs beyond its stored bytes: the key, the versions and the cache's own nodes. */
    private static final int ENTRY_OVERHEAD = 200;

    private record Kept(CacheType type, Object value, VersionSnapshot versions, int weight, long loadedAt,
            long expiresAt) {
    }

    private final boolean enabled;
    private final Set<String> excluded;
    private final List<String> acknowledgedTags;
    private final boolean acknowledgesAll;
    private final CacheKeys keys;
    private final VersionTable table;
    private final VersionFeed feed;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final Cache<String, Kept> entries;
    private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<String, Long>> requestVersions = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<List<String>> readAhead = new ThreadLocal<>();
    private final long echoWaitNanos;

    NearCache(CacheProperties.Near settings, CacheKeys keys, VersionTable table, VersionFeed feed,
            CacheMetrics metrics, Clock clock) {
        this.enabled = settings.enabled();
        this.excluded = new HashSet<>(settings.excludedTypes());
        this.acknowledgedTags = settings.acknowledgedTags();
        this.acknowledgesAll = acknowledgedTags.contains("*");
        this.keys = keys;
        this.table = table;
        this.feed = feed;
        this.metrics = metrics;
        this.clock = clock;
        this.echoWaitNanos = settings.silence().toNanos();
        this.entries = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes().toBytes())
                .weigher((String key, Kept kept) -> kept.weight())
                .expireAfter(Expiry.creating((String key, Kept kept) -> Duration.ofMillis(
                        Math.max(0, kept.expiresAt() - clock.millis()))))
                .executor(Runnable::run)
                .removalListener((String key, Kept kept, RemovalCause cause) -> removed(kept, cause))
                .build();
    }

    /** Whether entries of {@code type} are kept at all (every type but those excluded by configuration). */
    boolean keeps(CacheType type) {
        return enabled && !excluded.contains(type.name());
    }

    /** The kept entry for {@code request} if it may be served now as a hit, else null (counted as a near miss). */
    <T> Cached<T> find(CacheRequest<T> request) {
        return find(request, false);
    }

    /** Like {@link #find}, or else the kept value of a bounded type that may still be served STALE. */
    <T> Cached<T> findServable(CacheRequest<T> request) {
        return find(request, true);
    }

    private <T> Cached<T> find(CacheRequest<T> request, boolean staleAllowed) {
        if (!keeps(request.type())) {
            return null;
        }
        // Versions this request is to read from Redis first (read ahead) come before anything kept: they are read with
        // this lookup, and what follows in the request is checked against them.
        Kept kept = feed.live() && readAhead.get() == null ? entries.getIfPresent(request.key()) : null;
        if (kept != null && kept.expiresAt() > clock.millis() && request.valueType().isInstance(kept.value())) {
            Optional<T> value = Optional.of(request.valueType().cast(kept.value()));
            if (current(kept.versions(), request, Set.of())) {
                metrics.nearHit(request.type());
                return new Cached<>(value, CacheOutcome.HIT);
            }
            Duration age = staleAllowed ? staleAge(kept, request) : null;
            if (age != null) {
                metrics.nearHit(request.type());
                return new Cached<>(value, CacheOutcome.STALE, age);
            }
        }
        metrics.nearMiss(request.type());
        return null;
    }

    /**
     * How old the kept value is if its bounded type may serve it stale: every tag but those the request may be
     * stale across unchanged, the epoch too, and loaded at most the type's {@code max-staleness} ago; else null.
     */
    private Duration staleAge(Kept kept, CacheRequest<?> request) {
        if (!request.type().bounded() || kept.loadedAt() <= 0
                || !current(kept.versions(), request, request.staleAcross())) {
            return null;
        }
        Duration age = Duration.ofMillis(Math.max(0, clock.millis() - kept.loadedAt()));
        return age.compareTo(request.type().maxStaleness()) > 0 ? null : age;
    }

    /** Where the version sequence stands before a read from Redis. */
    long mark() {
        return table.mark();
    }

    /** The versions a read begun at {@code mark} returned: for the table, and for the rest of this request. */
    void observed(long mark, VersionReading read) {
        if (!enabled) {
            return;
        }
        Map<String, Long> present = read.present();
        table.observed(mark, present);
        Map<String, Long> own = requestVersions.get();
        if (own.size() + present.size() > REQUEST_VERSIONS_KEPT) {
            own.clear();
        }
        own.putAll(present);
    }

    /** The request this thread served is over: its reads no longer speak for the next one. */
    void requestDone() {
        requestVersions.remove();
        readAhead.remove();
    }

    /**
     * Whether the versions of {@code tags} are to be read with this thread's next read from Redis
     * ({@link CacheEngine#readAhead}): unless every one of those tags is acknowledged, in which case every instance
     * has applied their changes before a write of them was answered, so what this instance holds is as current as
     * what Redis would return.
     */
    boolean readsAhead(Collection<String> tags) {
        return enabled && !acknowledgesAll && !tags.stream().allMatch(this::acknowledged);
    }

    /** The versions under {@code versionKeys} are read with this thread's next read, which no near hit precedes. */
    void readAhead(List<String> versionKeys) {
        readAhead.set(versionKeys);
    }

    /** The version keys to read with this read, once. */
    List<String> takeReadAhead() {
        List<String> ahead = readAhead.get();
        if (ahead == null) {
            return List.of();
        }
        readAhead.remove();
        return ahead;
    }

    /** Keeps a hit Redis returned ({@code storedBytes} long, loaded at {@code loadedAt}) under {@code versions}. */
    <T> void keep(CacheRequest<T> request, T value, VersionSnapshot versions, int storedBytes, long loadedAt) {
        if (!keeps(request.type()) || versions == null || !feed.live()) {
            return;
        }
        Kept kept = new Kept(request.type(), value, versions, storedBytes + request.key().length() + ENTRY_OVERHEAD,
                loadedAt, loadedAt + request.ttl().toMillis());
        if (kept.expiresAt() > clock.millis() && current(versions, request, Set.of())) {
            entries.put(request.key(), kept);
            bytes(request.type()).add(kept.weight());
        }
    }

    /**
     * After this instance bumped {@code versionKeys}, the versions of {@code tags} (the sequence stood at
     * {@code mark} before). When a tag is one whose invalidation is acknowledged (every tag by default, at the least
     * those revocations bump), waits until every instance listening has applied the bumps, or for the silence, after
     * which one that has not is bypassing its near cache ({@link VersionFeed#barrier}): whether or not this instance
     * keeps anything itself. Otherwise waits, at most the silence, until Redis's notifications of the bumps came back
     * here, so that by the time the write is answered they have been sent to every instance. Without them (or when
     * the bumps failed, {@code bumped} false, and the breaker makes the cache bypassed until the epoch moves), the
     * keys are forgotten here all the same.
     */
    void invalidated(List<String> tags, List<String> versionKeys, long mark, boolean bumped) {
        // Every instance acknowledged the barrier, this one too, once its subscription had applied the bumps
        // published before it: nothing more to wait for here.
        boolean applied = bumped && anyAcknowledged(tags) && feed.barrier();
        if (!enabled) {
            return;
        }
        long deadline = System.nanoTime() + echoWaitNanos;
        for (String key : versionKeys) {
            boolean heard = bumped && !applied ? table.awaitAnnouncedSince(key, mark, deadline, feed::live)
                    : table.announcedSince(key, mark);
            if (!heard) {
                table.forget(key);
            }
        }
    }

    private boolean anyAcknowledged(List<String> tags) {
        return tags.stream().anyMatch(this::acknowledged);
    }

    private boolean acknowledged(String tag) {
        return acknowledgesAll || acknowledgedTags.stream().anyMatch(tag::startsWith);
    }

    /**
     * Drops the kept entry of {@code key}, here and in every other instance; when every invalidation is acknowledged,
     * returns once every instance listening has dropped it or the silence has passed.
     */
    void invalidate(String key) {
        if (enabled) {
            drop(key);
        }
        if (feed.running()) {
            feed.announceDelete(key);
            if (acknowledgesAll) {
                feed.barrier();
            }
        }
    }

    /**
     * Drops every kept entry, here and in every other instance, and returns once every instance listening has
     * dropped them or the silence has passed (a flush revokes as much as anything).
     */
    void invalidateAll() {
        if (enabled) {
            dropAll();
        }
        if (feed.running()) {
            feed.announceClear();
            feed.barrier();
        }
    }

    @Override
    public void dropAll() {
        entries.invalidateAll();
    }

    @Override
    public void drop(String key) {
        entries.invalidate(key);
    }

    /** The stored bytes kept for {@code type}. */
    long bytes(String type) {
        LongAdder kept = bytes.get(type);
        return kept == null ? 0 : kept.sum();
    }

    boolean live() {
        return enabled && feed.live();
    }

    /** Whether {@code versions} are current for {@code request}, but perhaps for the tags in {@code mayDiffer}. */
    private boolean current(VersionSnapshot versions, CacheRequest<?> request, Set<String> mayDiffer) {
        if (!versions.tags().keySet().equals(request.tags()) || !agrees(keys.epoch(), versions.epoch())) {
            return false;
        }
        for (Map.Entry<String, Long> tag : versions.tags().entrySet()) {
            if (!mayDiffer.contains(tag.getKey()) && !agrees(keys.tag(tag.getKey()), tag.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The table and this request's own reads (where it read the key) both say {@code key} holds {@code version}. */
    private boolean agrees(String key, long version) {
        Long known = table.current(key);
        if (known == null || known != version) {
            return false;
        }
        Long read = requestVersions.get().get(key);
        return read == null || read == version;
    }

    private void removed(Kept kept, RemovalCause cause) {
        if (kept == null) {
            return;
        }
        bytes(kept.type()).add(-kept.weight());
        if (cause == RemovalCause.SIZE) {
            metrics.nearEvicted(kept.type());
        }
    }

    private LongAdder bytes(CacheType type) {
        return bytes.computeIfAbsent(type.name(), name -> new LongAdder());
    }
}
