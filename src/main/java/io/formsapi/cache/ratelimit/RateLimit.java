package io.formsapi.cache.ratelimit;

import java.time.Duration;
import java.util.Locale;

import io.formsapi.cache.CacheKeys;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;

/**
 * A named limit: at most {@code capacity} requests per key in a burst, refilled gradually so that
 * {@code capacity} more are allowed per {@code period} (one every {@code period / capacity}).
 *
 * @param name a safe key part ({@code [A-Za-z0-9_.-]}): it becomes part of the Redis key
 */
public record RateLimit(String name, long capacity, Duration period) {

    public RateLimit {
        if (!CacheKeys.isSafe(name)) {
            throw new IllegalArgumentException("a rate limit name may contain only letters, digits, '_', '.', '-': "
                    + name);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("rate limit " + name + ": capacity must be at least 1");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate limit " + name + ": period must be positive");
        }
    }

    /** How the limit reads in messages, e.g. {@code 20 per 1m}. */
    public String describe() {
        return capacity + " per " + period.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build();
    }

    BucketConfiguration bucketConfiguration() {
        return BucketConfiguration.builder().addLimit(bandwidth()).build();
    }
}
