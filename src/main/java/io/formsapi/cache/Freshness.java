package io.formsapi.cache;

/** What a cache type may serve after an invalidation. */
public enum Freshness {
    /** Nothing: the next lookup misses and waits for the new value. */
    STRICT,
    /**
     * The previous value, for a bounded time after it was loaded, while one instance recomputes it; only across
     * the tags each lookup names as data ({@link CacheRequest#staleAcross()}), never across the others.
     */
    BOUNDED
}
