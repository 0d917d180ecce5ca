package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** The cache health endpoint and the Actuator health groups on the running app, Redis and database up. */
class CacheHealthApiTest extends IntegrationTest {

    @Test
    void cacheHealthNeedsNoTokenAndAnswersEveryFieldInSnakeCase() {
        TestUser user = newUser("Health");
        String formId = createForm(user, "Health", List.of(field("q", "Q", "text")));
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/v1/forms/" + formId, user.token()).status()).isEqualTo(200);
        }

        Reply health = api.get("/api/v1/health/cache", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.contentType()).startsWith("application/json");
        assertThat(health.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = health.body();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("status", "hit_ratio", "memory_used",
                "memory_used_bytes", "uptime", "evictions", "errors", "breaker", "redis", "window");
        assertThat(body.get("status").asString()).isIn("healthy", "degraded", "warming");
        assertThat(body.get("breaker").asString()).isEqualTo("CLOSED");
        assertThat(body.at("/redis/check").asString()).isEqualTo("ok");
        assertThat(body.at("/redis/version").asString()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(body.at("/redis/role").asString()).isEqualTo("master");
        assertThat(body.get("memory_used").asString()).matches("[0-9.]+[BKMG]");
        assertThat(body.get("memory_used_bytes").asLong()).isPositive();
        assertThat(body.get("evictions").isIntegralNumber()).isTrue();
        assertThat(body.get("errors").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(body.get("uptime").isIntegralNumber()).isTrue();
        assertThat(body.get("uptime").asLong()).isGreaterThanOrEqualTo(0);

        JsonNode window = body.get("window");
        assertThat(window.get("seconds").asLong()).isEqualTo(300);
        assertThat(window.get("min_lookups").asLong()).isEqualTo(100);
        assertThat(window.get("hit_ratio_threshold").asDouble()).isEqualTo(0.7);
        long hits = window.get("hits").asLong();
        long lookups = window.get("lookups").asLong();
        assertThat(lookups).as("the reads above were looked up").isGreaterThanOrEqualTo(6);
        assertThat(lookups).isEqualTo(hits + window.get("misses").asLong());
        assertThat(body.get("hit_ratio").asDouble()).isEqualTo((double) hits / lookups);
        assertThat(body.get("status").asString()).isEqualTo(lookups < 100 ? "warming"
                : (double) hits / lookups > 0.7 ? "healthy" : "degraded");
    }

    @Test
    void actuatorHealthShowsRedisAndTheDatabase() {
        Reply health = management.get("/actuator/health", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.at("/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/redis/status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/mongo/status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessIsTheDatabaseAndNotTheCacheAndLivenessIsTheApplicationAlone() {
        List<Reply> readiness = List.of(management.get("/actuator/health/readiness", null), api.get("/readyz", null));
        for (Reply reply : readiness) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.at("/components").propertyNames()).containsExactlyInAnyOrder("readinessState", "mongo");
        }
        List<Reply> liveness = List.of(management.get("/actuator/health/liveness", null), api.get("/livez", null));
        for (Reply reply : liveness) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.at("/components").propertyNames()).containsExactly("livenessState");
        }
    }

    @Test
    void theEndpointIsDescribedInOpenApi() {
        Reply docs = api.get("/v3/api-docs", null);
        assertThat(docs.at("/paths/~1api~1v1~1health~1cache/get").isMissingNode()).isFalse();
        JsonNode security = docs.at("/paths/~1api~1v1~1health~1cache/get/security");
        assertThat(security.isArray()).as("overrides the document's bearer requirement").isTrue();
        assertThat(security.isEmpty()).isTrue();
    }
}
