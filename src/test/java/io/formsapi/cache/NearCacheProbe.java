package io.formsapi.cache;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** What the near-cache tests read off an instance's meters: its near hits and whether it is live. */
final class NearCacheProbe {

    private NearCacheProbe() {
    }

    static double nearHits(MeterRegistry registry) {
        return registry.find("cache.near.hits").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Repeats {@code read} until one of its runs is served from the near cache. */
    static void untilServedNear(MeterRegistry registry, Runnable read) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            double before = nearHits(registry);
            read.run();
            return nearHits(registry) > before;
        });
    }

    static double live(MeterRegistry registry) {
        Gauge live = registry.find("cache.near.live").gauge();
        return live == null ? 0 : live.value();
    }

    static void awaitLive(MeterRegistry registry) {
        await().atMost(Duration.ofSeconds(5)).until(() -> live(registry) == 1);
    }
}
