package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.support.ApiClient;
import io.formsapi.support.SharedBackend;
import io.formsapi.support.StartedApp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Two instances with their near caches on one Redis, auth contexts and form documents kept in them as well as
 * answers: once a logout, a member's removal or a role change has been answered on one instance, the other never
 * serves the revoked access, not even from the caller's auth context and answer its near cache holds (the
 * revocation is answered only once every instance has applied it); and once an update has been answered, an
 * authenticated caller never reads the old form on the other instance.
 */
class NearCacheRevocationTest {

    private static final List<Map<String, Object>> FIELDS = List.of(
            Map.of("id", "rating", "label", "Rating", "type", "rating"));

    @TempDir
    static Path dataDir;

    private static SharedBackend backend;
    private static ConfigurableApplicationContext b;
    private static ApiClient apiA;
    private static ApiClient apiB;

    @BeforeAll
    static void start() {
        backend = SharedBackend.start(dataDir, List.of());
        apiA = StartedApp.client(backend.instance());
        b = backend.instance();
        apiB = StartedApp.client(b);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void aRemovedMemberIsRefusedOnTheOtherInstanceAtOnce() {
        String owner = token("Owner");
        String member = token("Member");
        String memberId = apiA.get("/api/v1/users/me", member).at("/id").asString();
        String form = form(owner);
        for (int round = 0; round < 10; round++) {
            assertThat(apiA.put(form + "/members/" + memberId, owner, Map.of("role", "viewer")).status())
                    .isEqualTo(200);
            servedNearOnB(form, member);
            servedNearOnB(form + "/responses", member);

            assertThat(apiA.delete(form + "/members/" + memberId, owner).status()).isEqualTo(204);

            assertThat(apiB.get(form, member).status()).as("round %d", round).isEqualTo(404);
            assertThat(apiB.get(form + "/responses", member).status()).as("the readers' list, round %d", round)
                    .isEqualTo(404);
        }
    }

    @Test
    void aRoleTakenAwayIsGoneOnTheOtherInstanceAtOnce() {
        String owner = token("Owner");
        String member = token("Editor");
        String memberId = apiA.get("/api/v1/users/me", member).at("/id").asString();
        String form = form(owner);
        for (int round = 0; round < 10; round++) {
            apiA.put(form + "/members/" + memberId, owner, Map.of("role", "editor"));
            servedNearOnB(form, member);
            assertThat(apiB.get(form, member).at("/role").asString()).isEqualTo("editor");

            assertThat(apiA.put(form + "/members/" + memberId, owner, Map.of("role", "viewer")).status())
                    .isEqualTo(200);

            assertThat(apiB.get(form, member).at("/role").asString()).as("round %d", round).isEqualTo("viewer");
            assertThat(apiB.put(form, member, Map.of("title", "Taken over", "fields", FIELDS)).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void aLoggedOutTokenIsRefusedOnTheOtherInstanceAtOnce() {
        String owner = token("Owner");
        String form = form(owner);
        for (int round = 0; round < 5; round++) {
            String token = token("Leaving");
            apiA.put(form + "/members/" + apiA.get("/api/v1/users/me", token).at("/id").asString(), owner,
                    Map.of("role", "viewer"));
            servedNearOnB(form, token);
            servedNearOnB(form + "/responses", token);

            assertThat(apiA.post("/api/v1/auth/logout", token, null).status()).isBetween(200, 204);

            assertThat(apiB.get(form, token).status()).as("round %d", round).isEqualTo(401);
            assertThat(apiB.get(form + "/responses", token).status()).as("the readers' list, round %d", round)
                    .isEqualTo(401);
        }
    }

    @Test
    void anUpdateAnsweredOnOneInstanceIsNeverReadOldByACallerOnTheOther() {
        String owner = token("Editor");
        String form = form(owner);
        for (int round = 1; round <= 20; round++) {
            servedNearOnB(form, owner);

            assertThat(apiA.put(form, owner, Map.of("title", "Title " + round, "fields", FIELDS)).status())
                    .isEqualTo(200);

            assertThat(apiB.get(form, owner).at("/title").asString()).as("round %d", round)
                    .isEqualTo("Title " + round);
        }
    }

    /** Reads {@code path} on B as {@code token} until B answers it, and authenticates the caller, from memory. */
    private static void servedNearOnB(String path, String token) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            double answers = nearHits("api_response");
            double contexts = nearHits("user_session");
            ApiClient.Reply reply = apiB.get(path, token);
            return reply.status() == 200 && "HIT".equals(reply.header("X-Cache")) && nearHits("api_response") > answers
                    && nearHits("user_session") > contexts;
        });
    }

    private static double nearHits(String type) {
        return b.getBean(MeterRegistry.class).find("cache.near.hits").tag("type", type).counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    private static String login(String email) {
        return apiA.post("/api/v1/auth/login", null, Map.of("email", email, "password", "long-enough")).at("/token")
                .asString();
    }

    private static String token(String name) {
        String email = name + "-" + System.nanoTime() + "@example.com";
        apiA.post("/api/v1/auth/register", null, Map.of("email", email, "name", name, "password", "long-enough"));
        return login(email);
    }

    private static String form(String owner) {
        String id = apiA.post("/api/v1/forms", owner, Map.of("title", "Shared", "fields", FIELDS)).at("/id")
                .asString();
        return "/api/v1/forms/" + id;
    }
}
