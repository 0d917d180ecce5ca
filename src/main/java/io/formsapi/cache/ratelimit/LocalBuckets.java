package io.formsapi.cache.ratelimit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Buckets in this process, for while Redis cannot be used. Bounded: at most {@code maxKeys} keys per limit, and a
 * key is forgotten once unused for a whole period (its bucket would be full again by then anyway).
 */
final class LocalBuckets {

    private final long maxKeys;
    private final TimeMeter clock;
    private final Map<String, Cache<String, Bucket>> byLimit = new ConcurrentHashMap<>();

    LocalBuckets(long maxKeys, TimeMeter clock) {
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    ConsumptionProbe tryConsume(RateLimit limit, String key) {
        return byLimit.computeIfAbsent(limit.name(), name -> newCache(limit.period()))
                .get(key, ignored -> Bucket.builder().addLimit(limit.bandwidth())
                        .withCustomTimePrecision(clock).build())
                .tryConsumeAndReturnRemaining(1);
    }

    private Cache<String, Bucket> newCache(Duration period) {
        return Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(period).build();
    }
}
