package io.formsapi.cache;

import java.time.Duration;

/** A family of entries sharing a TTL and an entry limit, e.g. {@code form_schema}. */
public record CacheType(String name, Duration ttl, int maxEntries) {

    /** The limit is enforced with a slack of 1% so that trimming happens once per many writes, not on each. */
    long trimAbove() {
        return maxEntries + Math.max(1, maxEntries / 100);
    }
}
