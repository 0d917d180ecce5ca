package io.formsapi.cache;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Redis's own figures as meters: memory used and its limit, and keys evicted (a counter, so that evictions per
 * minute is a rate). They come from the {@link RedisObserver}'s samples rather than from a scrape, so that a
 * scrape never waits on a slow Redis; while Redis does not answer the last figures stay.
 */
final class RedisGauges {

    /** -1 until Redis has been sampled: the gauges then read NaN (unknown), never a made-up 0. */
    private final AtomicLong usedMemory = new AtomicLong(-1);
    private final AtomicLong maxMemory = new AtomicLong(-1);
    private final AtomicLong evictedKeys = new AtomicLong();

    RedisGauges(RedisObserver observer, MeterRegistry registry) {
        Gauge.builder("cache.redis.memory.used", usedMemory, RedisGauges::sampled).baseUnit("bytes")
                .description("Redis used_memory").register(registry);
        Gauge.builder("cache.redis.memory.max", maxMemory, RedisGauges::sampled).baseUnit("bytes")
                .description("Redis maxmemory; 0 means no limit").register(registry);
        FunctionCounter.builder("cache.redis.evicted.keys", evictedKeys, AtomicLong::get)
                .description("Redis evicted_keys").register(registry);
        observer.onSample(sample -> {
            sample.number("used_memory").ifPresent(usedMemory::set);
            sample.number("maxmemory").ifPresent(maxMemory::set);
            sample.number("evicted_keys").ifPresent(evictedKeys::set);
        });
    }

    private static double sampled(AtomicLong value) {
        return value.get() < 0 ? Double.NaN : value.get();
    }
}
