package io.formsapi.cache;

import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Redis's own figures as meters: memory used and its limit, and keys evicted (a counter, so that evictions per
 * minute is a rate). INFO is sampled in the background every few seconds rather than on each scrape, so that
 * a scrape never waits on a slow Redis; while Redis cannot be used the last sample stays.
 */
final class RedisGauges implements AutoCloseable {

    private static final long SAMPLE_SECONDS = 10;

    private final AtomicLong usedMemory = new AtomicLong();
    private final AtomicLong maxMemory = new AtomicLong();
    private final AtomicLong evictedKeys = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "redis-info-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final CacheService cache;

    RedisGauges(CacheService cache, MeterRegistry registry) {
        this.cache = cache;
        Gauge.builder("cache.redis.memory.used", usedMemory, AtomicLong::get).baseUnit("bytes")
                .description("Redis used_memory").register(registry);
        Gauge.builder("cache.redis.memory.max", maxMemory, AtomicLong::get).baseUnit("bytes")
                .description("Redis maxmemory; 0 means no limit").register(registry);
        FunctionCounter.builder("cache.redis.evicted.keys", evictedKeys, AtomicLong::get)
                .description("Redis evicted_keys").register(registry);
        sampler.scheduleWithFixedDelay(this::sample, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    private void sample() {
        cache.redisInfo().ifPresent(info -> {
            set(usedMemory, info, "used_memory");
            set(maxMemory, info, "maxmemory");
            set(evictedKeys, info, "evicted_keys");
        });
    }

    private static void set(AtomicLong target, Properties info, String name) {
        Long value = RedisInfo.number(info, name);
        if (value != null) {
            target.set(value);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
