package io.formsapi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.test.context.TestPropertySource;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import io.formsapi.support.MovableClock;

/**
 * Every limit with low settings, against a clock the test moves: each test starts a day later, with every bucket
 * full again.
 */
@Import(RateLimitApiTest.MovableClockConfiguration.class)
@TestPropertySource(properties = {"forms.cache.key-prefix=limits-test",
        "forms.rate-limits.login-per-address.capacity=6", "forms.rate-limits.login-per-address.period=1m",
        "forms.rate-limits.login-per-account.capacity=3", "forms.rate-limits.login-per-account.period=15m",
        "forms.rate-limits.register-per-address.capacity=6", "forms.rate-limits.register-per-address.period=1h",
        "forms.rate-limits.register-per-account.capacity=2", "forms.rate-limits.register-per-account.period=1h",
        "forms.rate-limits.submissions-per-form-and-address.capacity=3",
        "forms.rate-limits.submissions-per-form-and-address.period=1m",
        "forms.rate-limits.search-per-caller.capacity=3", "forms.rate-limits.search-per-caller.period=1m"})
class RateLimitApiTest extends IntegrationTest {

    @Autowired
    MovableClock clock;

    @Autowired
    RedisTemplate<byte[], byte[]> redis;

    @BeforeEach
    void refillEveryBucket() {
        clock.advance(Duration.ofDays(1));
    }

    @Test
    void theRightPasswordAfterTooManyWrongOnesIsRefusedUntilTheAccountsWindowHasPassed() {
        TestUser user = newUser("Victim");
        assertThat(login(user.email(), "wrong-password").status()).isEqualTo(401);
        assertThat(login(user.email(), "wrong-password").status()).isEqualTo(401);

        Reply refused = login(user.email(), "correct-horse");
        assertRateLimited(refused, "login-per-account", 300);
        assertRateLimited(login(user.email(), "wrong-password"), "login-per-account", 300);

        clock.advance(Duration.ofSeconds(299));
        assertRateLimited(login(user.email(), "correct-horse"), "login-per-account", 1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(login(user.email(), "correct-horse").status()).isEqualTo(200);
    }

    @Test
    void loginsFromOneAddressAreLimitedWhateverTheAccountAndWhateverXForwardedForClaims() {
        for (int i = 0; i < 6; i++) {
            Reply reply = api.send("POST", "/api/v1/auth/login", null, Map.of("email", unknownEmail(), "password",
                    "guess-" + i), Map.of("X-Forwarded-For", "203.0.113." + i));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
        }
        assertRateLimited(login(unknownEmail(), "guess"), "login-per-address", 10);
        // The same path, encoded differently, is the same endpoint and the same limit.
        Reply encoded = api.post("/api/v1/auth/%6Cogin", null, Map.of("email", unknownEmail(), "password", "x"));
        assertRateLimited(encoded, "login-per-address", 10);
    }

    @Test
    void registrationsAreLimitedPerEmailAndPerAddress() {
        String email = unknownEmail();
        assertThat(register(email).status()).isEqualTo(201);
        assertThat(register(email.toUpperCase()).status()).isEqualTo(409);
        assertRateLimited(register(" " + email + " "), "register-per-account", 1800);

        for (int i = 0; i < 3; i++) {
            assertThat(register(unknownEmail()).status()).isEqualTo(201);
        }
        assertRateLimited(register(unknownEmail()), "register-per-address", 600);
    }

    @Test
    void anonymousSubmissionsAreLimitedPerFormAndAddress() {
        TestUser owner = newUser("Owner");
        List<Map<String, Object>> fields = List.of(field("q", "Question", "text"));
        String formId = createPublishedForm(owner, "Limited", fields);
        String otherFormId = createPublishedForm(owner, "Other", fields);
        for (int i = 0; i < 3; i++) {
            submit(formId, null, Map.of("q", "answer " + i));
        }
        assertRateLimited(api.post("/api/v1/forms/" + formId + "/responses", null, Map.of("answers",
                Map.of("q", "one too many"))), "submissions-per-form-and-address", 20);

        submit(otherFormId, null, Map.of("q", "another form"));
        submit(formId, owner.token(), Map.of("q", "signed in"));
    }

    @Test
    void searchesAreLimitedPerCallerCachedAnswersIncluded() {
        TestUser first = newUser("First");
        TestUser second = newUser("Second");
        String formId = createForm(first, "Searched", List.of(field("q", "Question", "text")));
        String otherFormId = createForm(second, "Searched too", List.of(field("q", "Question", "text")));
        String search = "/api/v1/forms/" + formId + "/search?q=anything";
        assertThat(api.get(search, first.token()).header("X-Cache")).isEqualTo("MISS");
        assertThat(api.get(search, first.token()).header("X-Cache")).isEqualTo("HIT");
        assertThat(api.get(search, first.token()).status()).isEqualTo(200);

        assertRateLimited(api.get(search, first.token()), "search-per-caller", 20);
        assertThat(api.get("/api/v1/forms/" + otherFormId + "/search?q=anything", second.token()).status())
                .isEqualTo(200);
    }

    @Test
    void everyBucketKeyIsHashedUnderThePrefixAndExpires() {
        String email = unknownEmail();
        assertThat(login(email, "guess").status()).isEqualTo(401);

        Set<byte[]> keys = redis.keys("*ratelimit*".getBytes(StandardCharsets.UTF_8));
        assertThat(keys).isNotEmpty();
        for (byte[] key : keys) {
            String name = new String(key, StandardCharsets.UTF_8);
            assertThat(name).startsWith("limits-test:ratelimit:").doesNotContain("@").doesNotContain("127.0.0.1");
            assertThat(redis.getExpire(key)).as("TTL of %s", name).isPositive();
        }
    }

    private Reply login(String email, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
    }

    private Reply register(String email) {
        return api.post("/api/v1/auth/register", null, Map.of("email", email, "name", "Someone", "password",
                "correct-horse"));
    }

    private static String unknownEmail() {
        return "nobody-" + UUID.randomUUID() + "@example.com";
    }

    private static void assertRateLimited(Reply reply, String limit, long retryAfterSeconds) {
        assertThat(assertRateLimited(reply, limit)).isEqualTo(retryAfterSeconds);
    }

    /** Asserts a 429 problem naming {@code limit} and returns its Retry-After in seconds. */
    static long assertRateLimited(Reply reply, String limit) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(429);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.at("/type").asString()).isEqualTo("urn:forms-api:problem:rate-limited");
        assertThat(reply.at("/status").asInt()).isEqualTo(429);
        assertThat(reply.at("/detail").asString()).contains(limit);
        assertThat(reply.header("Retry-After")).matches("[1-9][0-9]*");
        return Long.parseLong(reply.header("Retry-After"));
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
