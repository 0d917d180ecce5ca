package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/** The metrics operators query, as Prometheus scrapes them. */
class MetricsTest extends IntegrationTest {

    @Test
    void theCacheHttpAndDatabaseMetricsAreExposed() throws InterruptedException {
        TestUser owner = newUser("Metered");
        String formId = createForm(owner, "Metered", List.of(field("q", "Q", "text")));
        api.get("/api/v1/forms/" + formId, owner.token());
        api.get("/api/v1/forms/" + formId, owner.token());
        api.put("/api/v1/forms/" + formId, owner.token(), Map.of("title", "Changed",
                "fields", List.of(field("q", "Q", "text"))));

        String scrape = scrape();
        assertThat(scrape).contains("cache_hits_total{", "type=\"user_session\"", "cache_misses_total{",
                "cache_loads_total{", "cache_hit_ratio{", "cache_breaker_open", "cache_warmup_running",
                "cache_warmup_entries{", "cache_invalidations_total{", "kind=\"form_updated\"",
                "cache_redis_evicted_keys_total", "cache_redis_memory_max_bytes", "http_server_requests_seconds",
                "mongodb_driver_commands_seconds");
        assertThat(scrape).as("sub-millisecond latency buckets").contains("cache_latency_seconds_bucket{",
                "le=\"5.0E-5\"", "le=\"2.5E-4\"", "le=\"0.001\"", "le=\"5.0\"");
        assertThat(scrape).contains("op=\"get\"", "op=\"set\"", "op=\"lease\"");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!memoryUsedIsPositive(scrape) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            scrape = scrape();
        }
        assertThat(memoryUsedIsPositive(scrape)).as("Redis used_memory sampled").isTrue();
    }

    @Test
    void everyResponseCarriesARequestId() {
        Reply generated = api.get("/api/v1/forms", null);
        assertThat(generated.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        Reply echoed = api.get("/api/v1/forms", null, Map.of("X-Request-Id", "edge-42.a_b"));
        assertThat(echoed.header("X-Request-Id")).isEqualTo("edge-42.a_b");
        Reply replaced = api.get("/api/v1/forms", null, Map.of("X-Request-Id", "bad id with spaces"));
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    private String scrape() {
        Reply reply = management.get("/actuator/prometheus", null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.raw();
    }

    private static boolean memoryUsedIsPositive(String scrape) {
        return scrape.lines().filter(line -> line.startsWith("cache_redis_memory_used_bytes"))
                .anyMatch(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0);
    }
}
