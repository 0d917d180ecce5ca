package io.formsapi.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;

/**
 * The seed's {@code get_cache_stats}, with figures that mean what they say: hit ratios from the application's
 * own counters per type, and Redis's key count, memory, evictions and keyspace hits and misses from the
 * observer's INFO sample. Redis figures are null when Redis could not be asked.
 */
public record CacheStats(boolean enabled, BreakerState breaker, Map<String, TypeStats> types,
        Map<String, Latency> latency, Redis redis) {

    public record TypeStats(long hits, long misses, long bypasses, long loads, long errors, double hitRatio) {
    }

    public record Latency(long count, double meanMillis, double maxMillis) {
    }

    public record Redis(Long keys, Long usedMemoryBytes, String usedMemoryHuman, Long evictedKeys,
            Long keyspaceHits, Long keyspaceMisses, String version, String role) {
    }

    static CacheStats of(boolean enabled, BreakerState breaker, Collection<CacheType> types, CacheMetrics metrics,
            Optional<RedisObserver.Sample> sample) {
        Map<String, TypeStats> perType = new LinkedHashMap<>();
        for (CacheType type : types) {
            long hits = (long) metrics.count("cache.hits", type);
            long misses = (long) metrics.count("cache.misses", type);
            perType.put(type.name(), new TypeStats(hits, misses, (long) metrics.count("cache.bypasses", type),
                    (long) metrics.count("cache.loads", type), (long) metrics.errors(type),
                    hits + misses == 0 ? 0 : (double) hits / (hits + misses)));
        }
        Map<String, Latency> latency = new LinkedHashMap<>();
        for (String op : new String[] {"get", "set", "delete", "mget"}) {
            Timer timer = metrics.latency(op);
            if (timer != null) {
                latency.put(op, new Latency(timer.count(), timer.mean(TimeUnit.MILLISECONDS),
                        timer.max(TimeUnit.MILLISECONDS)));
            }
        }
        Redis redis = sample.map(RedisObserver.Sample::info).map(i -> new Redis(keys(i), RedisInfo.number(i, "used_memory"),
                i.getProperty("used_memory_human"), RedisInfo.number(i, "evicted_keys"), RedisInfo.number(i, "keyspace_hits"),
                RedisInfo.number(i, "keyspace_misses"), i.getProperty("redis_version"), i.getProperty("role"))).orElse(null);
        return new CacheStats(enabled, breaker, perType, latency, redis);
    }

    /**
     * The keys of every database, from INFO's keyspace section ({@code db0:keys=12,expires=12,...}), which lists
     * no database while all are empty; null when INFO was refused.
     */
    private static Long keys(Properties info) {
        if (info.isEmpty()) {
            return null;
        }
        long keys = 0;
        for (String name : info.stringPropertyNames()) {
            if (name.matches("db\\d+")) {
                for (String field : info.getProperty(name).split(",")) {
                    if (field.startsWith("keys=")) {
                        keys += Long.parseLong(field.substring(5).strip());
                    }
                }
            }
        }
        return keys;
    }

}
