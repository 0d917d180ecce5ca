package io.formsapi.cache;

/** How a lookup was answered; the response-cache middleware reports it as {@code X-Cache}. */
public enum CacheOutcome {
    /** From Redis. */
    HIT,
    /** Loaded from the database (and stored, when Redis took it). */
    MISS,
    /** Redis was not used: caching is disabled, or Redis is unavailable. */
    BYPASS,
    /**
     * An earlier value, served after an invalidation within its type's staleness bound while it is recomputed, or
     * (by the response cache) an earlier answer served while the database is unavailable.
     */
    STALE
}
