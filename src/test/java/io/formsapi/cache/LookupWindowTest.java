package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.formsapi.support.MovableClock;

/** The sliding window of lookups on a clock the test moves. */
class LookupWindowTest {

    private static final Duration BUCKET = Duration.ofSeconds(10);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LookupWindow window = new LookupWindow(WINDOW, BUCKET, clock);

    @Test
    void countsHitsMissesAndErrorsSeparately() {
        repeat(7, window::hit);
        repeat(3, window::miss);
        window.error();

        LookupWindow.Counts counts = window.counts();
        assertThat(counts.hits()).isEqualTo(7);
        assertThat(counts.misses()).isEqualTo(3);
        assertThat(counts.errors()).isEqualTo(1);
        assertThat(counts.lookups()).isEqualTo(10);
        assertThat(counts.window()).isEqualTo(WINDOW);
    }

    @Test
    void keepsLookupsForTheWholeWindowAndForgetsThemAfter() {
        window.hit();
        clock.advance(WINDOW.minusMillis(1));
        assertThat(window.counts().hits()).as("one millisecond short of the window").isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(window.counts().hits()).as("exactly one window later").isZero();
    }

    @Test
    void slidesBucketByBucket() {
        for (int i = 0; i < 6; i++) {
            repeat(i + 1, window::hit);
            clock.advance(BUCKET);
        }
        // Buckets held 1..6 hits; the first has just left the window.
        assertThat(window.counts().hits()).isEqualTo(2 + 3 + 4 + 5 + 6);
        clock.advance(BUCKET.multipliedBy(2));
        assertThat(window.counts().hits()).isEqualTo(4 + 5 + 6);
        window.miss();
        assertThat(window.counts().lookups()).isEqualTo(4 + 5 + 6 + 1);
    }

    @Test
    void aReusedSlotStartsFromZero() {
        repeat(5, window::miss);
        clock.advance(WINDOW);
        window.miss();
        assertThat(window.counts().misses()).as("same slot, one turn of the ring later").isEqualTo(1);
    }

    @Test
    void anIdleCacheReadsEmptyAfterAnyPause() {
        repeat(50, window::hit);
        clock.advance(Duration.ofDays(3).plusSeconds(7));
        assertThat(window.counts().lookups()).isZero();
        window.hit();
        assertThat(window.counts().lookups()).isEqualTo(1);
    }

    @Test
    void aClockSteppingBackNeitherLosesNorInventsLookups() {
        clock.advance(BUCKET.multipliedBy(3));
        repeat(4, window::hit);
        clock.advance(BUCKET.multipliedBy(-2));
        window.hit();
        assertThat(window.counts().hits()).isEqualTo(5);
    }

    @Test
    void concurrentRecordingAcrossBucketBoundariesCountsEveryLookup() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean done = new AtomicBoolean();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean hits = t % 2 == 0;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        if (hits) {
                            window.hit();
                        } else {
                            window.miss();
                        }
                    }
                    return null;
                }));
            }
            // Moves time through five buckets (less than the window) while the workers record.
            Future<?> mover = pool.submit(() -> {
                start.await();
                for (int step = 0; step < 50 && !done.get(); step++) {
                    clock.advance(Duration.ofSeconds(1));
                    Thread.sleep(1);
                }
                return null;
            });
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
            done.set(true);
            mover.get();
        } finally {
            pool.shutdownNow();
        }
        LookupWindow.Counts counts = window.counts();
        assertThat(counts.hits()).isEqualTo((long) perThread * threads / 2);
        assertThat(counts.misses()).isEqualTo((long) perThread * threads / 2);
    }

    @Test
    void refusesAWindowThatIsNotAWholeNumberOfBuckets() {
        assertThatThrownBy(() -> new LookupWindow(Duration.ofSeconds(25), BUCKET, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LookupWindow(Duration.ofSeconds(5), BUCKET, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CacheHealthProperties(Duration.ofSeconds(25), BUCKET, 100, 0.7,
                Duration.ofMillis(500))).hasMessageContaining("whole number of buckets");
        assertThatThrownBy(() -> new CacheHealthProperties(Duration.ofHours(2), Duration.ofMillis(100), 100, 0.7,
                Duration.ofMillis(500))).hasMessageContaining("larger buckets");
        assertThatThrownBy(() -> new CacheHealthProperties(WINDOW, BUCKET, 100, 1.5, Duration.ofMillis(500)))
                .hasMessageContaining("between 0 and 1");
    }

    private static void repeat(int times, Runnable action) {
        for (int i = 0; i < times; i++) {
            action.run();
        }
    }
}
