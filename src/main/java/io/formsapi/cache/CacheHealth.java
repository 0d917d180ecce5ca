package io.formsapi.cache;

import java.time.Duration;
import java.util.Locale;

/**
 * How the cache is doing right now, as judged by {@link CacheHealthCheck}: a status, the breaker's state, how
 * Redis answered, the lookups of the sliding window, and what Redis reports about itself (null when it was not
 * asked or did not answer).
 */
public record CacheHealth(Status status, BreakerState breaker, Check check, Window window, Redis redis) {

    public enum Status {
        /** The hit ratio over the window is above the threshold. */
        HEALTHY,
        /** The hit ratio over the window is at or below the threshold. */
        DEGRADED,
        /** Too few lookups in the window to judge the hit ratio (just started, or idle). */
        WARMING,
        /** Redis cannot be used: it did not answer in time, failed, or the breaker is open. */
        DOWN,
        /** Caching is switched off (CACHE_ENABLED=false): Redis is not used at all. */
        DISABLED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How Redis answered this health request's PING and INFO. */
    public enum Check {
        OK,
        /** The commands failed (connection refused or lost, an error reply). */
        FAILED,
        /** No answer within {@code forms.cache.health.probe-timeout}. */
        TIMED_OUT,
        /** Redis was not asked: the breaker is open, or caching is disabled. */
        NOT_ASKED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Hits, misses (bypasses are not lookups) and cache errors over the last {@code length}. */
    public record Window(Duration length, long hits, long misses, long errors) {

        public long lookups() {
            return hits + misses;
        }

        /** Hits over lookups in the window; null without lookups. */
        public Double hitRatio() {
            return lookups() == 0 ? null : (double) hits / lookups();
        }
    }

    /**
     * From Redis INFO: {@code redis_version}, {@code role}, {@code used_memory} (bytes and human),
     * {@code evicted_keys} (since the Redis server started).
     */
    public record Redis(String version, String role, Long usedMemoryBytes, String usedMemoryHuman,
            Long evictedKeys) {
    }

    /**
     * The status rules: disabled beats everything; then Redis must have answered; then the window must hold at
     * least {@code minLookups} lookups (and at least one); then the hit ratio decides.
     */
    static Status status(boolean enabled, Check check, Window window, CacheHealthProperties settings) {
        if (!enabled) {
            return Status.DISABLED;
        }
        if (check != Check.OK) {
            return Status.DOWN;
        }
        if (window.lookups() == 0 || window.lookups() < settings.minLookups()) {
            return Status.WARMING;
        }
        return window.hitRatio() > settings.hitRatioThreshold() ? Status.HEALTHY : Status.DEGRADED;
    }
}
