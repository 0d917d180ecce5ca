package io.formsapi.cache;

import java.time.Duration;

/**
 * A family of entries sharing a TTL, an entry limit, a byte budget and a freshness, e.g. {@code form_schema}.
 * {@code maxStaleness} is zero for a strict type: how long after its load a value may still be served once
 * invalidated ({@link Freshness#BOUNDED}); {@code refreshAfter}, how old a value served stale must be before it is
 * recomputed.
 */
public record CacheType(String name, Duration ttl, int maxEntries, long maxBytes, Duration maxStaleness,
        Duration refreshAfter) {

    public CacheType(String name, Duration ttl, int maxEntries, long maxBytes) {
        this(name, ttl, maxEntries, maxBytes, Duration.ZERO, Duration.ZERO);
    }

    boolean bounded() {
        return !maxStaleness.isNegative() && !maxStaleness.isZero();
    }

    /** Whether a value served stale at {@code age} is old enough to be recomputed. */
    boolean due(Duration age) {
        return age.compareTo(refreshAfter) >= 0;
    }

    /** The limits are enforced with a slack of 1% so that trimming happens once per many writes, not on each. */
    long trimAbove() {
        return maxEntries + Math.max(1, maxEntries / 100);
    }

    long trimBytesAbove() {
        return maxBytes;
    }

    long trimBytesTo() {
        return maxBytes - maxBytes / 100;
    }
}
