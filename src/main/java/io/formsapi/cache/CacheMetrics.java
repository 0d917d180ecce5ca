package io.formsapi.cache;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The cache's own counters, per cache type, in Micrometer: {@code cache.hits}, {@code cache.misses},
 * {@code cache.bypasses}, {@code cache.loads} (the loader ran), {@code cache.errors} (by operation and cause), {@code cache.latency} (by operation),
 * {@code cache.corrupt}, {@code cache.trimmed} and {@code cache.lease.waits} (by outcome). Hits, misses and
 * errors also feed the sliding {@link LookupWindow} the health status is judged on.
 */
final class CacheMetrics {

    private final MeterRegistry registry;
    private final LookupWindow window;

    CacheMetrics(MeterRegistry registry, LookupWindow window) {
        this.registry = registry;
        this.window = window;
    }

    void hit(CacheType type) {
        counter("cache.hits", type).increment();
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

    void trimmed(CacheType type, int count) {
        counter("cache.trimmed", type).increment(count);
    }

    void leaseWait(CacheType type, boolean served) {
        registry.counter("cache.lease.waits", "type", type.name(), "outcome", served ? "served" : "timed_out")
                .increment();
    }

    void error(CacheType type, String op, Throwable cause) {
        registry.counter("cache.errors", "type", type == null ? "none" : type.name(), "op", op, "cause",
                cause.getClass().getSimpleName()).increment();
        window.error();
    }

    void latency(String op, long nanos) {
        Timer.builder("cache.latency").tag("op", op).publishPercentileHistogram()
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
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
        return registry.counter(name, "type", type.name());
    }
}
