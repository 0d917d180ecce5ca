package io.formsapi.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The cache's own counters, per cache type, in Micrometer: {@code cache.hits}, {@code cache.misses},
 * {@code cache.bypasses}, {@code cache.loads} (the loader ran), {@code cache.errors} (by operation and cause), {@code cache.latency} (by operation),
 * {@code cache.corrupt}, {@code cache.trimmed} and {@code cache.lease.waits} (by outcome), and the near cache's
 * {@code cache.near.hits}, {@code cache.near.misses}, {@code cache.near.evictions}, {@code cache.near.bytes},
 * {@code cache.near.live}, {@code cache.near.lapses} and {@code cache.near.barriers} (by outcome). Hits, misses and
 * errors also feed the sliding {@link LookupWindow} the health status is judged on.
 */
final class CacheMetrics {

    /** Fine enough below a millisecond, where a healthy Redis answers, and up to the 5 s timeout. */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(50, 100, 250, 500, 750, 1_000, 2_500, 5_000,
            10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000)
            .map(micros -> Duration.ofNanos(micros * 1_000L)).toArray(Duration[]::new);

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "cache.hits", "Lookups answered from the cache (Redis or the near cache)",
            "cache.near.hits", "Lookups answered from this instance's near cache, without a Redis round trip",
            "cache.near.misses", "Lookups of a near-cached type the near cache could not answer",
            "cache.near.evictions", "Near cache entries evicted to stay within its byte bound",
            "cache.misses", "Lookups Redis could not answer, loaded from the database",
            "cache.bypasses", "Lookups that did not use Redis (caching disabled, breaker open, Redis failing)",
            "cache.loads", "Times a loader ran: database reads the cache did not save",
            "cache.corrupt", "Stored values that did not decode, deleted",
            "cache.trimmed", "Entries evicted to keep a type within its max entries and max bytes",
            "cache.oversize", "Values above the entry size ceiling: served, not stored");

    private final MeterRegistry registry;
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();
    /** Counters by name and type, registered once: a lookup counts without building a meter id each time. */
    /** By counter name, then by type name: a type's own hash would be computed over all its settings each time. */
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();
    private final LookupWindow window;

    CacheMetrics(MeterRegistry registry, LookupWindow window) {
        this.registry = registry;
        this.window = window;
    }

    /**
     * Gauges read when scraped: the lifetime hit ratio per type, and whether the breaker is open. Rates over
     * windows are for the monitoring system to compute from the counters.
     */
    void registerGauges(Collection<CacheType> types, BooleanSupplier breakerOpen) {
        for (CacheType type : types) {
            Gauge.builder("cache.hit.ratio", this, m -> {
                double hits = m.count("cache.hits", type);
                double lookups = hits + m.count("cache.misses", type);
                return lookups == 0 ? 0 : hits / lookups;
            }).tag("type", type.name()).description("Hits over hits plus misses since start").register(registry);
        }
        Gauge.builder("cache.breaker.open", breakerOpen, open -> open.getAsBoolean() ? 1 : 0)
                .description("1 while the cache bypasses Redis (breaker open or recovering)").register(registry);
    }

    void hit(CacheType type) {
        counter("cache.hits", type).increment();
        window.hit();
    }

    void nearHit(CacheType type) {
        counter("cache.near.hits", type).increment();
    }

    void nearMiss(CacheType type) {
        counter("cache.near.misses", type).increment();
    }

    void nearEvicted(CacheType type) {
        counter("cache.near.evictions", type).increment();
    }

    /** The near cache was dropped: notifications may have been missed (or an operator purged the cache). */
    void nearLapse() {
        Counter.builder("cache.near.lapses").description("Times the near cache was dropped because version "
                + "notifications may have been missed").register(registry).increment();
    }

    /**
     * A barrier behind a revocation ended: every instance listening acknowledged it ({@code acknowledged} true), or
     * the silence passed first and the instances that had not are bypassing their near caches.
     */
    void nearBarrier(boolean acknowledged, long nanos) {
        Timer.builder("cache.near.barriers").tag("outcome", acknowledged ? "acknowledged" : "silence")
                .description("How long revocations waited for every instance to acknowledge them, or for the silence")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The near cache's stored bytes per type, and whether it may be used (its notifications are live). */
    void registerNearGauges(Collection<CacheType> types, ToLongFunction<String> bytes, BooleanSupplier live) {
        for (CacheType type : types) {
            Gauge.builder("cache.near.bytes", bytes, b -> b.applyAsLong(type.name())).tag("type", type.name())
                    .baseUnit("bytes").description("Stored bytes of the entries the near cache keeps")
                    .strongReference(true).register(registry);
        }
        Gauge.builder("cache.near.live", live, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 while the near cache hears every version notification and may be used")
                .strongReference(true).register(registry);
    }

    /** A stale value served while it is recomputed: no caller waited for a load. */
    void stale(CacheType type) {
        counter("cache.stale", type).increment();
        window.hit();
    }

    void miss(CacheType type) {
        counter("cache.misses", type).increment();
        window.miss();
    }

    /** The loader ran: a database read the cache did not save. */
    void load(CacheType type) {
        counter("cache.loads", type).increment();
    }

    void bypass(CacheType type) {
        counter("cache.bypasses", type).increment();
    }

    void corrupt(CacheType type) {
        counter("cache.corrupt", type).increment();
    }

    /** A value larger than the entry size ceiling: served, not stored. */
    void oversize(CacheType type) {
        counter("cache.oversize", type).increment();
    }

    void trimmed(CacheType type, int count) {
        counter("cache.trimmed", type).increment(count);
    }

    void leaseWait(CacheType type, boolean served) {
        Counter.builder("cache.lease.waits").tag("type", type.name()).tag("outcome", served ? "served" : "loaded")
                .description("Waits for another instance's load of the same entry").register(registry).increment();
    }

    void error(CacheType type, String op, Throwable cause) {
        Counter.builder("cache.errors").tag("type", type == null ? "none" : type.name()).tag("op", op)
                .tag("cause", cause.getClass().getSimpleName()).description("Redis operations that failed")
                .register(registry).increment();
        window.error();
    }

    void latency(String op, long nanos) {
        latencies.computeIfAbsent(op, o -> Timer.builder("cache.latency").tag("op", o)
                .description("Redis round trips of the cache, by operation")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    double count(String name, CacheType type) {
        Counter counter = registry.find(name).tag("type", type.name()).counter();
        return counter == null ? 0 : counter.count();
    }

    double errors(CacheType type) {
        return registry.find("cache.errors").tag("type", type.name()).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    LookupWindow.Counts window() {
        return window.counts();
    }

    Timer latency(String op) {
        return registry.find("cache.latency").tag("op", op).timer();
    }

    private Counter counter(String name, CacheType type) {
        return counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(type.name(),
                t -> Counter.builder(name).tag("type", t).description(DESCRIPTIONS.get(name)).register(registry));
    }
}
