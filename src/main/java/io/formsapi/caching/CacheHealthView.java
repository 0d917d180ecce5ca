package io.formsapi.caching;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.formsapi.cache.CacheHealth;
import io.formsapi.cache.CacheHealthProperties;

/**
 * The answer of {@code GET /api/v1/health/cache}, in the seed's snake_case: its fields ({@code status},
 * {@code hit_ratio}, {@code memory_used}, {@code uptime}) and more. Every field is always present; figures that
 * are unknown (Redis not asked or not answering, no lookups in the window) are null.
 *
 * @param status          healthy, degraded, warming, down or disabled
 * @param hitRatio        hits over lookups in the window (not since start); null without lookups
 * @param memoryUsed      Redis {@code used_memory_human}, as the seed reports it
 * @param memoryUsedBytes Redis {@code used_memory}
 * @param uptime          seconds since this application started
 * @param evictions       Redis {@code evicted_keys}: keys evicted under maxmemory since the Redis server started
 * @param errors          failed cache operations in the window
 * @param breaker         the Redis circuit breaker: CLOSED, OPEN or RECOVERING; null when caching is disabled
 */
record CacheHealthView(String status, @JsonProperty("hit_ratio") Double hitRatio,
        @JsonProperty("memory_used") String memoryUsed, @JsonProperty("memory_used_bytes") Long memoryUsedBytes,
        long uptime, Long evictions, long errors, String breaker, RedisView redis, WindowView window) {

    /** @param check how Redis answered this request: ok, failed, timed_out or not_asked */
    record RedisView(String version, String role, String check) {
    }

    /**
     * @param seconds           the window's length
     * @param lookups           hits plus misses (bypasses are not lookups)
     * @param minLookups        fewer lookups than this: warming
     * @param hitRatioThreshold a hit ratio above this: healthy
     */
    record WindowView(long seconds, long lookups, long hits, long misses,
            @JsonProperty("min_lookups") long minLookups,
            @JsonProperty("hit_ratio_threshold") double hitRatioThreshold) {
    }

    static CacheHealthView of(CacheHealth health, CacheHealthProperties settings, long uptimeSeconds) {
        CacheHealth.Redis redis = health.redis();
        CacheHealth.Window window = health.window();
        return new CacheHealthView(health.status().label(), window.hitRatio(),
                redis == null ? null : redis.usedMemoryHuman(), redis == null ? null : redis.usedMemoryBytes(),
                uptimeSeconds, redis == null ? null : redis.evictedKeys(), window.errors(), health.breaker() == null ? null : health.breaker().name(),
                new RedisView(redis == null ? null : redis.version(), redis == null ? null : redis.role(),
                        health.check().label()),
                new WindowView(window.length().toSeconds(), window.lookups(), window.hits(), window.misses(),
                        settings.minLookups(), settings.hitRatioThreshold()));
    }
}
