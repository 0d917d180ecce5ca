package io.formsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.formsapi.support.ApiClient.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.formsapi.support.IntegrationTest;

class AuthApiTest extends IntegrationTest {

    @Autowired
    private MeterRegistry registry;

    @Test
    void registerLoginMeLogout() {
        TestUser user = newUser("Ada");
        Reply me = api.get("/api/v1/users/me", user.token());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.at("/email").asString()).isEqualTo(user.email());
        assertThat(me.at("/roles/0").asString()).isEqualTo("user");
        assertThat(me.body().has("passwordHash")).isFalse();

        assertThat(api.post("/api/v1/auth/logout", user.token(), null).status()).isEqualTo(204);
        Reply after = api.get("/api/v1/users/me", user.token());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.contentType()).startsWith("application/problem+json");
    }

    @Test
    void meIsAnsweredFromTheCachedAuthContextWithoutADatabaseCommand() {
        TestUser user = newUser("Remembered");
        Reply first = api.get("/api/v1/users/me", user.token());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        long commands = databaseCommands();
        for (int i = 0; i < 20; i++) {
            Reply again = api.get("/api/v1/users/me", user.token());
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());
        }
        assertThat(databaseCommands()).as("MongoDB commands during 20 calls").isEqualTo(commands);
        assertThat(first.at("/id").asString()).isEqualTo(user.id());
        assertThat(first.at("/email").asString()).isEqualTo(user.email());
        assertThat(first.at("/name").asString()).isEqualTo("Remembered");
        assertThat(first.at("/roles").size()).isEqualTo(1);
        assertThat(first.at("/createdAt").asString()).isNotBlank();
    }

    private long databaseCommands() {
        return registry.find("mongodb.driver.commands").timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void aLoginBeyondTheSessionBoundEndsTheOldestSession() {
        TestUser user = newUser("Many");
        java.util.List<String> tokens = new java.util.ArrayList<>(java.util.List.of(user.token()));
        for (int i = 0; i < 20; i++) {
            tokens.add(api.post("/api/v1/auth/login", null, Map.of("email", user.email(), "password",
                    "correct-horse")).at("/token").asString());
        }
        assertThat(api.get("/api/v1/users/me", tokens.get(0)).status()).isEqualTo(401);
        for (String token : tokens.subList(1, tokens.size())) {
            assertThat(api.get("/api/v1/users/me", token).status()).isEqualTo(200);
        }
    }

    @Test
    void tokenCarriesUserIdAndIsNotStoredInClear() {
        TestUser user = newUser("Token");
        assertThat(user.token()).startsWith(user.id() + ".");
        assertThat(user.token().substring(user.id().length() + 1)).hasSize(43);
    }

    @Test
    void wrongPasswordAndUnknownEmailAnswerTheSame() {
        TestUser user = newUser("Grace");
        Reply wrong = api.post("/api/v1/auth/login", null, Map.of("email", user.email(), "password", "nope-nope"));
        Reply unknown = api.post("/api/v1/auth/login", null,
                Map.of("email", "nobody-" + user.email(), "password", "nope-nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.at("/detail")).isEqualTo(unknown.at("/detail"));
    }

    @Test
    void registrationIsValidatedFieldByField() {
        Reply bad = api.post("/api/v1/auth/register", null, Map.of("email", "not-an-email", "name", "", "password",
                "short"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.at("/errors").findValuesAsString("field")).containsExactlyInAnyOrder("email", "name",
                "password");
    }

    @Test
    void duplicateEmailIsAConflictEvenWithDifferentCase() {
        TestUser user = newUser("Dup");
        Reply again = api.post("/api/v1/auth/register", null,
                Map.of("email", user.email().toUpperCase(), "name", "Dup", "password", "correct-horse"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.at("/field").asString()).isEqualTo("email");
    }

    @Test
    void malformedAndForgedTokensAreRejected() {
        TestUser user = newUser("Forger");
        assertThat(api.get("/api/v1/users/me", "garbage").status()).isEqualTo(401);
        String forged = user.id() + "." + "A".repeat(43);
        assertThat(api.get("/api/v1/users/me", forged).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/users/me", null).status()).isEqualTo(401);
    }
}
