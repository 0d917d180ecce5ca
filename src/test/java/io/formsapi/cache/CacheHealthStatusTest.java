package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.formsapi.cache.CacheHealth.Check;
import io.formsapi.cache.CacheHealth.Status;
import io.formsapi.cache.CacheHealth.Window;

/** The status rules, on their own. */
class CacheHealthStatusTest {

    private static final CacheHealthProperties SETTINGS = new CacheHealthProperties(Duration.ofMinutes(5),
            Duration.ofSeconds(10), 100, 0.7, Duration.ofMillis(500));

    private static Window window(long hits, long misses) {
        return new Window(Duration.ofMinutes(5), hits, misses, 0);
    }

    @Test
    void disabledWhateverElse() {
        assertThat(CacheHealth.status(false, Check.NOT_ASKED, window(1000, 0), SETTINGS)).isEqualTo(Status.DISABLED);
    }

    @Test
    void downWhenRedisDidNotAnswerWhateverTheWindow() {
        for (Check check : new Check[] {Check.FAILED, Check.TIMED_OUT, Check.NOT_ASKED}) {
            assertThat(CacheHealth.status(true, check, window(1000, 0), SETTINGS)).as(check.name())
                    .isEqualTo(Status.DOWN);
        }
    }

    @Test
    void warmingBelowTheMinimumOfLookups() {
        assertThat(CacheHealth.status(true, Check.OK, window(0, 0), SETTINGS)).isEqualTo(Status.WARMING);
        assertThat(CacheHealth.status(true, Check.OK, window(99, 0), SETTINGS)).isEqualTo(Status.WARMING);
        assertThat(CacheHealth.status(true, Check.OK, window(0, 99), SETTINGS)).isEqualTo(Status.WARMING);
        assertThat(CacheHealth.status(true, Check.OK, window(100, 0), SETTINGS)).isEqualTo(Status.HEALTHY);
    }

    @Test
    void withoutAMinimumAnEmptyWindowIsStillWarming() {
        CacheHealthProperties noMinimum = new CacheHealthProperties(SETTINGS.window(), SETTINGS.bucket(), 0, 0.7,
                SETTINGS.probeTimeout());
        assertThat(CacheHealth.status(true, Check.OK, window(0, 0), noMinimum)).isEqualTo(Status.WARMING);
        assertThat(CacheHealth.status(true, Check.OK, window(1, 0), noMinimum)).isEqualTo(Status.HEALTHY);
    }

    @Test
    void healthyAboveTheThresholdAndDegradedAtOrBelowIt() {
        assertThat(CacheHealth.status(true, Check.OK, window(71, 29), SETTINGS)).isEqualTo(Status.HEALTHY);
        assertThat(CacheHealth.status(true, Check.OK, window(70, 30), SETTINGS)).as("exactly 0.7")
                .isEqualTo(Status.DEGRADED);
        assertThat(CacheHealth.status(true, Check.OK, window(0, 500), SETTINGS)).isEqualTo(Status.DEGRADED);
    }

    @Test
    void theRatioIsOverLookupsOnly() {
        assertThat(window(7, 3).hitRatio()).isEqualTo(0.7);
        assertThat(window(0, 0).hitRatio()).isNull();
        assertThat(new Window(Duration.ofMinutes(5), 8, 2, 40).hitRatio()).as("errors are not lookups")
                .isEqualTo(0.8);
    }
}
