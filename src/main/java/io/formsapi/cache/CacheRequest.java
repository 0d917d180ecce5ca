package io.formsapi.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to look up: the entry's type and key, the tags it depends on (invalidating any of them makes the entry
 * stale), the class its JSON is read back into (never a class named by the stored data), how long a stored value
 * lives (the type's TTL unless the request names its own), and the tags whose invalidation a
 * {@link Freshness#BOUNDED bounded} type may serve the previous value across: the data the value is computed from,
 * never who may see it.
 */
public record CacheRequest<T>(CacheType type, String key, Set<String> tags, Class<? extends T> valueType,
        Duration ttl, Set<String> staleAcross) {

    public CacheRequest {
        TreeSet<String> sorted = new TreeSet<>();
        tags.forEach(tag -> sorted.add(CacheKeys.requireTag(tag)));
        tags = Collections.unmodifiableSet(sorted);
        staleAcross = staleAcross == null ? Set.of() : Set.copyOf(staleAcross);
        if (!tags.containsAll(staleAcross)) {
            throw new IllegalArgumentException("stale-across tags " + staleAcross + " must be among the tags " + tags);
        }
        ttl = ttl == null ? type.ttl() : ttl;
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a cache entry needs a positive ttl, not " + ttl);
        }
    }

    /** A request whose entries live for the type's TTL. */
    public CacheRequest(CacheType type, String key, Set<String> tags, Class<? extends T> valueType) {
        this(type, key, tags, valueType, null, null);
    }

    public CacheRequest(CacheType type, String key, Set<String> tags, Class<? extends T> valueType, Duration ttl) {
        this(type, key, tags, valueType, ttl, null);
    }

    public static <T> CacheRequest<T> of(CacheType type, String key, Class<? extends T> valueType, String... tags) {
        return new CacheRequest<>(type, key, Set.copyOf(Arrays.asList(tags)), valueType);
    }

    /** The same request with entries living for {@code ttl} instead (null: the type's TTL). */
    public CacheRequest<T> withTtl(Duration ttl) {
        return new CacheRequest<>(type, key, tags, valueType, ttl, staleAcross);
    }

    /** The same request, whose previous value may be served across an invalidation of {@code dataTags}. */
    public CacheRequest<T> withStaleAcross(Set<String> dataTags) {
        return new CacheRequest<>(type, key, tags, valueType, ttl, dataTags);
    }
}
