package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.formsapi.support.ApiClient;

/**
 * The production topology as real processes (deploy/local/run, the built jar, on ports of its own) under reads and
 * writes through nginx, while the Redis primary is killed (kill -9), then one API instance, then one Sentinel. For
 * each fault: every request is answered within {@link FailoverLoad#FAILOVER_BOUND} (retried by the client while it
 * fails, as nginx does not resend a submission), no read is older than a submission acknowledged before it began
 * (a response list served STALE within its bound excepted), and the hit ratio comes back to at least
 * {@link #RECOVERED} of what it was before the fault within {@link #RECOVERY_BOUND}. The figures are printed, one
 * line per fault, for docs/OPERATIONS.md. Skipped where the jar has not been built or a program is missing.
 */
class FailoverTest {

    private static final Path DIRECTORY = Path.of("target/failover-test").toAbsolutePath();
    private static final Duration WINDOW = Duration.ofSeconds(8);
    /** How often the hit ratio is looked at while the cache recovers, over the last step alone. */
    private static final Duration STEP = Duration.ofSeconds(2);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
    /** Of the hit ratio before the fault, over a window of {@link #WINDOW}. */
    private static final double RECOVERED = 0.8;
    private static final List<Map<String, Object>> FIELDS = List.of(
            Map.of("id", "rating", "label", "Rating", "type", "rating"));

    /** What each fault cost, as printed. */
    record Cost(String fault, FailoverLoad.Tally during, double hitBefore, double hitAfter, Duration recovery) {

        String line() {
            return String.format("Failover %-20s requests %5d, failed %d, retried %d, max stall %5.2f s, stale reads %d"
                    + " (STALE answers within bound %d), hit ratio %.2f before, %.2f after, recovered in %.1f s",
                    fault, during.requests.get(), during.failed.get(), during.retried.get(),
                    during.maxStall().toMillis() / 1000.0, during.staleReads.get(), during.servedStale.get(),
                    hitBefore, hitAfter, recovery.toMillis() / 1000.0);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void killingTheRedisPrimaryAnApiInstanceAndASentinelLosesNothing() throws Exception {
        LocalTopology.deleteRecursively(DIRECTORY);
        // Rate limits are per client address, and every request here comes from the one address of this test.
        try (LocalTopology topology = LocalTopology.start(DIRECTORY, Map.of("RATE_LIMITS_ENABLED", "false"))) {
            ApiClient api = new ApiClient(topology.nginxPort());
            String token = token(api);
            List<String> forms = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                forms.add(publishedForm(api, token, "Failover " + i));
            }
            List<Cost> costs = new ArrayList<>();
            try (FailoverLoad load = new FailoverLoad(api, token, forms)) {
                sleep(WINDOW);
                costs.add(fault("Redis primary", load, () -> {
                    int primary = topology.primaryPort();
                    topology.kill(topology.redisAt(primary));
                    long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
                    while (topology.primaryPort() == primary) {
                        assertThat(System.nanoTime()).as("Sentinel promoted a replica").isLessThan(deadline);
                        sleep(Duration.ofMillis(200));
                    }
                }));
                costs.add(fault("API instance api-2", load, () -> topology.kill("api-2")));
                costs.add(fault("Sentinel sentinel-1", load, () -> topology.kill("sentinel-1")));
            }
            costs.forEach(cost -> System.out.println(cost.line()));
            for (Cost cost : costs) {
                assertThat(cost.during().problems).as(cost.fault()).isEmpty();
                assertThat(cost.during().failed.get()).as(cost.fault() + ": requests failed").isZero();
                assertThat(cost.during().staleReads.get()).as(cost.fault() + ": stale reads").isZero();
                assertThat(cost.during().requests.get()).as(cost.fault() + ": requests").isGreaterThan(100);
                assertThat(cost.hitAfter()).as(cost.fault() + ": hit ratio after, against before")
                        .isGreaterThanOrEqualTo(RECOVERED * cost.hitBefore());
            }
        }
    }

    interface Fault {
        void inject() throws Exception;
    }

    /**
     * A window before the fault, the fault, then the load until the hit ratio of the last {@link #STEP} is back to
     * {@link #RECOVERED} of the one before (within {@link #RECOVERY_BOUND}), then a window after.
     */
    private static Cost fault(String name, FailoverLoad load, Fault fault) throws Exception {
        load.restart();
        sleep(WINDOW);
        double before = load.restart().hitRatio();
        long injected = System.nanoTime();
        fault.inject();
        long deadline = injected + RECOVERY_BOUND.toNanos();
        FailoverLoad.Tally during = load.current();
        FailoverLoad.Tally recent = new FailoverLoad.Tally();
        // Each step looks at itself only, so that the hits before and during the fault do not count.
        while (System.nanoTime() < deadline) {
            FailoverLoad.Tally stepStart = snapshot(during);
            sleep(STEP);
            recent = difference(during, stepStart);
            if (recent.hitRatio() >= RECOVERED * before) {
                break;
            }
        }
        assertThat(recent.hitRatio()).as(name + ": hit ratio within " + RECOVERY_BOUND + " of the fault")
                .isGreaterThanOrEqualTo(RECOVERED * before);
        Duration recovery = Duration.ofNanos(System.nanoTime() - injected);
        FailoverLoad.Tally afterStart = snapshot(during);
        sleep(WINDOW);
        double after = difference(during, afterStart).hitRatio();
        return new Cost(name, load.restart(), before, after, recovery);
    }

    private static FailoverLoad.Tally snapshot(FailoverLoad.Tally tally) {
        FailoverLoad.Tally copy = new FailoverLoad.Tally();
        copy.fromCache.set(tally.fromCache.get());
        copy.cacheable.set(tally.cacheable.get());
        return copy;
    }

    private static FailoverLoad.Tally difference(FailoverLoad.Tally now, FailoverLoad.Tally then) {
        FailoverLoad.Tally step = new FailoverLoad.Tally();
        step.fromCache.set(now.fromCache.get() - then.fromCache.get());
        step.cacheable.set(now.cacheable.get() - then.cacheable.get());
        return step;
    }

    private static String token(ApiClient api) {
        String email = "failover-" + System.nanoTime() + "@example.com";
        api.post("/api/v1/auth/register", null, Map.of("email", email, "name", "Failover", "password", "long-enough"));
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "long-enough")).at("/token")
                .asString();
    }

    private static String publishedForm(ApiClient api, String token, String title) {
        String formId = api.post("/api/v1/forms", token, Map.of("title", title, "fields", FIELDS)).at("/id")
                .asString();
        api.post("/api/v1/forms/" + formId + "/publish", token, null);
        return formId;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
