package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.formsapi.cache.CacheAdministration;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/** The admin cache endpoints: admins only, and each does what it says. */
class AdminCacheApiTest extends IntegrationTest {

    private static final String ADMIN = "cache-admin-" + UUID.randomUUID() + "@example.com";

    @Autowired
    CacheAdministration cache;

    @DynamicPropertySource
    static void admins(DynamicPropertyRegistry registry) {
        registry.add("forms.auth.admin.email", () -> ADMIN);
        registry.add("forms.auth.admin.password", () -> "long-enough");
    }

    private String adminToken() {
        return api.post("/api/v1/auth/login", null, Map.of("email", ADMIN, "password", "long-enough")).at("/token")
                .asString();
    }

    @Test
    void onlyAdminsMayUseThem() {
        TestUser user = newUser("Plain");
        for (String path : List.of("/api/v1/admin/cache/flush", "/api/v1/admin/cache/warmup")) {
            assertThat(api.post(path, user.token(), null).status()).isEqualTo(403);
            assertThat(api.post(path, null, null).status()).isEqualTo(401);
        }
        assertThat(api.get("/api/v1/admin/cache/stats", user.token()).status()).isEqualTo(403);
    }

    @Test
    void statsReportPerTypeFiguresAndRedis() {
        String token = adminToken();
        TestUser owner = newUser("Owner");
        String formId = createForm(owner, "Stats", List.of(field("q", "Q", "text")));
        api.get("/api/v1/forms/" + formId, owner.token());
        api.get("/api/v1/forms/" + formId, owner.token());
        Reply stats = api.get("/api/v1/admin/cache/stats", token);
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.at("/types/api_response/hits").asLong()).isPositive();
        assertThat(stats.at("/types/user_session/hits").asLong()).isPositive();
        assertThat(stats.at("/redis/usedMemoryBytes").asLong()).isPositive();
        assertThat(stats.at("/breaker").asString()).isEqualTo("CLOSED");
    }

    @Test
    void invalidatingAFormMakesItsNextReadAMiss() {
        String token = adminToken();
        TestUser owner = newUser("Owner");
        String formId = createForm(owner, "Purged", List.of(field("q", "Q", "text")));
        api.get("/api/v1/forms/" + formId, owner.token());
        long loadsBefore = cache.stats().types().get("form_schema").loads();
        assertThat(api.post("/api/v1/admin/cache/invalidate/forms/" + formId, token, null).status()).isEqualTo(200);
        api.get("/api/v1/forms/" + formId, owner.token());
        assertThat(cache.stats().types().get("form_schema").loads()).isGreaterThan(loadsBefore);
        assertThat(api.post("/api/v1/admin/cache/invalidate/forms/not-an-id", token, null).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/admin/cache/invalidate/users/" + owner.id(), token, null).status())
                .isEqualTo(200);
    }

    @Test
    void patternsAreValidatedAndConfinedToTheNamespace() {
        String token = adminToken();
        TestUser owner = newUser("Owner");
        String formId = createForm(owner, "Pattern", List.of(field("q", "Q", "text")));
        api.get("/api/v1/forms/" + formId, owner.token());
        Reply bad = api.post("/api/v1/admin/cache/invalidate/pattern", token, Map.of("pattern", "form:[a-z]*"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.at("/field").asString()).isEqualTo("pattern");
        Reply removed = api.post("/api/v1/admin/cache/invalidate/pattern", token,
                Map.of("pattern", "form:schema:" + formId));
        assertThat(removed.at("/removed").asLong()).isEqualTo(1);
    }

    @Test
    void flushAndWarmupAnswerWithWhatTheyDid() {
        String token = adminToken();
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Warm", List.of(field("q", "Q", "text")));
        submit(formId, null, Map.of("q", "hello"));
        assertThat(api.post("/api/v1/admin/cache/flush", token, null).at("/removed").asLong()).isPositive();
        Reply warmed = api.post("/api/v1/admin/cache/warmup", token, null);
        assertThat(warmed.status()).isEqualTo(200);
        assertThat(warmed.at("/forms").asInt()).isPositive();
        assertThat(warmed.at("/sessions").asInt()).isPositive();
        assertThat(warmed.at("/complete").asBoolean()).isTrue();
    }
}
