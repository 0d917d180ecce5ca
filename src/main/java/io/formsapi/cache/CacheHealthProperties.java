package io.formsapi.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code forms.cache.health.*}: how the cache judges its own health (docs/CACHE.md, "Health").
 *
 * @param window            the hit ratio is computed over the lookups of this last stretch of time, not since start
 * @param bucket            the window moves in steps of this size; the window must be a whole number of them
 * @param minLookups        with fewer lookups than this in the window the cache is "warming", not judged
 * @param hitRatioThreshold a hit ratio above this is "healthy", at or below it "degraded"
 * @param probeTimeout      the longest a health request waits for Redis to answer PING and INFO; slower is "down"
 */
@ConfigurationProperties("forms.cache.health")
public record CacheHealthProperties(@DefaultValue("5m") Duration window, @DefaultValue("10s") Duration bucket,
        @DefaultValue("100") long minLookups, @DefaultValue("0.7") double hitRatioThreshold,
        @DefaultValue("500ms") Duration probeTimeout) {

    /** More buckets than this would cost memory and summing time for no useful precision. */
    static final int MAX_BUCKETS = 10_000;

    public CacheHealthProperties {
        if (bucket == null || bucket.toMillis() < 1) {
            throw new IllegalArgumentException("forms.cache.health.bucket must be at least 1ms, not " + bucket);
        }
        if (window == null || window.toMillis() < bucket.toMillis() || window.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("forms.cache.health.window (" + window
                    + ") must be a whole number of buckets (" + bucket + ")");
        }
        if (window.toMillis() / bucket.toMillis() > MAX_BUCKETS) {
            throw new IllegalArgumentException("forms.cache.health.window (" + window + ") holds more than "
                    + MAX_BUCKETS + " buckets of " + bucket + "; use larger buckets");
        }
        if (minLookups < 0) {
            throw new IllegalArgumentException("forms.cache.health.min-lookups must not be negative");
        }
        if (!(hitRatioThreshold >= 0 && hitRatioThreshold <= 1)) {
            throw new IllegalArgumentException("forms.cache.health.hit-ratio-threshold must be between 0 and 1");
        }
        if (probeTimeout == null || probeTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("forms.cache.health.probe-timeout must be at least 1ms");
        }
    }

    /** The defaults, for code that builds a cache without Spring's binding. */
    public static CacheHealthProperties defaults() {
        return new CacheHealthProperties(Duration.ofMinutes(5), Duration.ofSeconds(10), 100, 0.7,
                Duration.ofMillis(500));
    }
}
