package io.formsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.formsapi.support.IntegrationTest;
import io.formsapi.support.MovableClock;

/**
 * Policies set by configuration: session expiry, against a clock the test moves (idle expiry slides with use,
 * the absolute limit does not), and the bootstrap administrator from ADMIN_EMAIL.
 */
@Import(AuthPolicyTest.MovableClockConfiguration.class)
class AuthPolicyTest extends IntegrationTest {

    private static final String ADMIN_EMAIL = "admin-" + UUID.randomUUID() + "@example.com";

    @Autowired
    MovableClock clock;

    @DynamicPropertySource
    static void admins(DynamicPropertyRegistry registry) {
        registry.add("forms.auth.admin.email", () -> " " + ADMIN_EMAIL.toUpperCase() + " ");
        registry.add("forms.auth.admin.password", () -> "correct-horse");
    }

    @Test
    void theBootstrapAdministratorIsAnAdmin() {
        String token = api.post("/api/v1/auth/login", null, Map.of("email", ADMIN_EMAIL, "password",
                "correct-horse")).at("/token").asString();
        assertThat(api.get("/api/v1/users/me", token).at("/roles/1").asString()).isEqualTo("admin");
        assertThat(api.get("/api/v1/users/me", newUser("Plain").token()).at("/roles").size()).isEqualTo(1);
    }

    @Test
    void anIdleSessionExpires() {
        TestUser user = newUser("Idle");
        clock.advance(Duration.ofMinutes(29));
        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));
        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(401);
    }

    @Test
    void useKeepsASessionAliveUpToTheAbsoluteLimit() {
        TestUser user = newUser("Busy");
        Duration alive = Duration.ZERO;
        while (alive.compareTo(Duration.ofHours(11)) < 0) {
            clock.advance(Duration.ofMinutes(20));
            alive = alive.plusMinutes(20);
            assertThat(api.get("/api/v1/users/me", user.token()).status()).as("after %s", alive).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(61));
        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(401);
    }

    @Test
    void aSessionsSlidingExpiryKeepsTheUsersCachedAnswersAndALogoutStillRefusesThem() {
        TestUser user = newUser("Sliding");
        String path = "/api/v1/forms/" + createForm(user, "Kept", java.util.List.of(field("q", "Q", "text")));
        assertThat(api.get(path, user.token()).header("X-Cache")).isEqualTo("MISS");
        clock.advance(Duration.ofMinutes(5));
        // This request moves the session's expiry forward (a write) and is still answered from the cache.
        assertThat(api.get(path, user.token()).header("X-Cache")).isEqualTo("HIT");
        assertThat(api.get(path, user.token()).header("X-Cache")).isEqualTo("HIT");

        assertThat(api.post("/api/v1/auth/logout", user.token(), null).status()).isEqualTo(204);
        assertThat(api.get(path, user.token()).status()).isEqualTo(401);
    }

    @TestConfiguration
    static class MovableClockConfiguration {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
    }
}
