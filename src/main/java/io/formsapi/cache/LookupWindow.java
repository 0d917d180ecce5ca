package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hits, misses and errors of the last {@code window}, for the health status: a ring of fixed-size time buckets,
 * each a set of {@link LongAdder}s, fed directly by the cache's hit, miss and error paths.
 *
 * <p>Why this and not snapshots of the Micrometer counters: recording is one clock read and one uncontended
 * {@code LongAdder} increment on the lookup path, with no lock and no scheduler thread; the figures are exact
 * for this instance whatever the meter registry does with its meters (filters, renames, a registry that drops
 * them); and a test can drive it with its own clock. A bucket is replaced (compare-and-set on its slot) the
 * first time it is used in a new period, so an idle cache costs nothing and memory is fixed at
 * {@code window / bucket} buckets.
 *
 * <p>Precision: the current bucket is partly filled, so the window covers between {@code window - bucket} and
 * {@code window} of history (4 min 50 s to 5 min with the defaults); a lookup older than {@code window} is
 * never counted. If the wall clock steps back, lookups are still counted: in the slot's bucket when that one is
 * newer than the clock says, so a step back never discards what the window holds.
 */
final class LookupWindow {

    private final Clock clock;
    private final Duration length;
    private final long bucketMillis;
    private final int size;
    private final AtomicReferenceArray<Bucket> ring;

    LookupWindow(Duration length, Duration bucket, Clock clock) {
        if (bucket.toMillis() < 1 || length.toMillis() < bucket.toMillis()
                || length.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException("a window of " + length + " is not a whole number of " + bucket);
        }
        this.clock = clock;
        this.length = length;
        this.bucketMillis = bucket.toMillis();
        this.size = Math.toIntExact(length.toMillis() / bucketMillis);
        this.ring = new AtomicReferenceArray<>(size);
    }

    LookupWindow(CacheHealthProperties settings, Clock clock) {
        this(settings.window(), settings.bucket(), clock);
    }

    /** What the window holds now. */
    record Counts(Duration window, long hits, long misses, long errors) {

        long lookups() {
            return hits + misses;
        }
    }

    void hit() {
        current().hits.increment();
    }

    void miss() {
        current().misses.increment();
    }

    void error() {
        current().errors.increment();
    }

    Counts counts() {
        long now = Math.floorDiv(clock.millis(), bucketMillis);
        long hits = 0;
        long misses = 0;
        long errors = 0;
        for (int slot = 0; slot < size; slot++) {
            Bucket bucket = ring.get(slot);
            if (bucket != null && bucket.period > now - size) {
                hits += bucket.hits.sum();
                misses += bucket.misses.sum();
                errors += bucket.errors.sum();
            }
        }
        return new Counts(length, hits, misses, errors);
    }

    private Bucket current() {
        long period = Math.floorDiv(clock.millis(), bucketMillis);
        int slot = (int) Math.floorMod(period, (long) size);
        while (true) {
            Bucket bucket = ring.get(slot);
            if (bucket != null && bucket.period >= period) {
                return bucket;
            }
            Bucket fresh = new Bucket(period);
            if (ring.compareAndSet(slot, bucket, fresh)) {
                return fresh;
            }
        }
    }

    private static final class Bucket {
        final long period;
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder errors = new LongAdder();

        Bucket(long period) {
            this.period = period;
        }
    }
}
