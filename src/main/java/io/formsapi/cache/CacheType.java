package io.formsapi.cache;

import java.time.Duration;

/** A family of entries sharing a TTL, an entry limit and a byte budget, e.g. {@code form_schema}. */
public record CacheType(String name, Duration ttl, int maxEntries, long maxBytes) {

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
