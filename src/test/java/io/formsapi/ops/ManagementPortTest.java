package io.formsapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import io.formsapi.web.Problems;

/** Actuator answers on the management port only; the public port keeps just the orchestrators' probes. */
class ManagementPortTest extends IntegrationTest {

    private static final List<String> ACTUATOR_PATHS = List.of("/actuator", "/actuator/prometheus",
            "/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness", "/actuator/info");

    @Test
    void thePublicPortHasNoActuatorEndpoint() {
        for (String path : ACTUATOR_PATHS) {
            Reply reply = api.get(path, null);
            assertThat(reply.status()).as(path + ": " + reply).isEqualTo(404);
            assertThat(reply.contentType()).as(path).startsWith("application/problem+json");
            assertThat(reply.at("/type").asString()).isEqualTo(Problems.TYPE_PREFIX + "not-found");
            assertThat(reply.raw()).doesNotContain("FormsApiApplication");
        }
    }

    @Test
    void theManagementPortServesMetricsAndDetailedHealth() {
        assertThat(api.get("/api/v1/health/cache", null).status()).isEqualTo(200);
        Reply metrics = management.get("/actuator/prometheus", null);
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.raw()).contains("http_server_requests_seconds_count{", "uri=\"/api/v1/health/cache\"");
        Reply health = management.get("/actuator/health", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.at("/components/mongo/status").asString()).isEqualTo("UP");
    }

    @Test
    void livenessAndReadinessStayOnThePublicPort() {
        for (String probe : List.of("/livez", "/readyz")) {
            Reply reply = api.get(probe, null);
            assertThat(reply.status()).as(probe + ": " + reply).isEqualTo(200);
            assertThat(reply.at("/status").asString()).isEqualTo("UP");
        }
    }
}
