package io.formsapi.cache.ratelimit;

import io.formsapi.cache.CacheKeys;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Where the buckets live: in Redis, shared by every instance, whenever Redis can be used; otherwise in this
 * process, so that a Redis outage loosens the limits (each instance then counts alone) but never refuses or slows a
 * request.
 */
public class TokenBuckets {

    private final CacheKeys keys;
    private final RedisBuckets redis;
    private final LocalBuckets local;

    TokenBuckets(CacheKeys keys, RedisBuckets redis, LocalBuckets local) {
        this.keys = keys;
        this.redis = redis;
        this.local = local;
    }

    ConsumptionProbe tryConsume(RateLimit limit, String key) {
        String hashed = keys.hashed("ratelimit:" + limit.name(), key);
        return redis.tryConsume(limit, hashed).orElseGet(() -> local.tryConsume(limit, hashed));
    }
}
