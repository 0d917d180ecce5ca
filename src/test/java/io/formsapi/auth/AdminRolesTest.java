package io.formsapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.support.ApiClient;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.SharedBackend;
import io.formsapi.support.StartedApp;

/**
 * The admin role: never from registering an address, only from the bootstrap configuration or another admin;
 * stored in MongoDB, so two instances (sharing one Redis and one store, with different configurations) agree on
 * it from the very next request after a change.
 */
class AdminRolesTest {

    private static final String BOSS = "boss-" + UUID.randomUUID() + "@example.test";
    private static final String PASSWORD = "bootstrap-secret";
    private static final String STATS = "/api/v1/admin/cache/stats";

    @TempDir
    static Path dataDir;

    private static SharedBackend backend;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static ApiClient apiA;
    private static ApiClient apiB;

    @BeforeAll
    static void start() {
        backend = SharedBackend.start(dataDir, List.of());
        a = instance("--ADMIN_EMAIL=" + BOSS, "--ADMIN_PASSWORD=" + PASSWORD);
        b = instance();
        apiA = StartedApp.client(a);
        apiB = StartedApp.client(b);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static ConfigurableApplicationContext instance(String... settings) {
        return backend.instance(settings);
    }

    @Test
    void theBootstrapAddressCannotBeRegisteredInAnySpelling() {
        for (String spelling : List.of(BOSS, " " + BOSS.toUpperCase() + " ", BOSS.toUpperCase())) {
            for (ApiClient api : List.of(apiA, apiB)) {
                Reply registered = api.post("/api/v1/auth/register", null,
                        Map.of("email", spelling, "name", "Mallory", "password", "mallory-password"));
                assertThat(registered.status()).as(registered.toString()).isEqualTo(409);
                assertThat(registered.at("/field").asString()).isEqualTo("email");
            }
        }
        Reply stolen = apiA.post("/api/v1/auth/login", null, Map.of("email", BOSS, "password", "mallory-password"));
        assertThat(stolen.status()).isEqualTo(401);
    }

    @Test
    void theBootstrapAdministratorLogsInWithTheConfiguredPasswordOnEitherInstance() {
        for (ApiClient api : List.of(apiA, apiB)) {
            String token = login(api, BOSS, PASSWORD);
            assertThat(api.get("/api/v1/users/me", token).at("/roles").toString()).contains("admin");
            assertThat(api.get(STATS, token).status()).isEqualTo(200);
        }
    }

    @Test
    void aGrantOrRevocationHoldsOnEveryInstanceFromTheNextRequest() {
        String admin = login(apiA, BOSS, PASSWORD);
        StartedApp app = new StartedApp(a);
        String userToken = app.login("Deputy");
        String userId = apiA.get("/api/v1/users/me", userToken).at("/id").asString();
        // Both instances have cached the user's auth context without the role.
        assertThat(apiA.get(STATS, userToken).status()).isEqualTo(403);
        assertThat(apiB.get(STATS, userToken).status()).isEqualTo(403);
        assertThat(roles(apiB, userToken)).isEqualTo("[\"user\"]");

        Reply granted = apiA.put("/api/v1/admin/users/" + userId + "/roles/admin", admin, null);
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        assertThat(granted.at("/roles").toString()).contains("admin");
        assertThat(apiB.get(STATS, userToken).status()).isEqualTo(200);
        assertThat(apiA.get(STATS, userToken).status()).isEqualTo(200);
        assertThat(roles(apiB, userToken)).isEqualTo("[\"user\",\"admin\"]");
        assertThat(roles(apiA, userToken)).isEqualTo("[\"user\",\"admin\"]");

        // The new admin revokes on the other instance; the role is gone everywhere at once.
        Reply revoked = apiB.delete("/api/v1/admin/users/" + userId + "/roles/admin", userToken);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(apiA.get(STATS, userToken).status()).isEqualTo(403);
        assertThat(apiB.get(STATS, userToken).status()).isEqualTo(403);
        assertThat(roles(apiA, userToken)).isEqualTo("[\"user\"]");
        assertThat(apiB.put("/api/v1/admin/users/" + userId + "/roles/admin", userToken, null).status())
                .isEqualTo(403);
    }

    /** The roles {@code GET /users/me} shows, answered from the auth context the request was authenticated with. */
    private static String roles(ApiClient api, String token) {
        return api.get("/api/v1/users/me", token).at("/roles").toString();
    }

    @Test
    void theBootstrapAdministratorCannotBeRevokedThroughTheApi() {
        String admin = login(apiA, BOSS, PASSWORD);
        String bossId = apiA.get("/api/v1/users/me", admin).at("/id").asString();
        Reply refused = apiB.delete("/api/v1/admin/users/" + bossId + "/roles/admin", admin);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).contains("problem+json");
    }

    @Test
    void rolesOfUnknownUsersAndNonAdminsAreRefused() {
        String admin = login(apiA, BOSS, PASSWORD);
        assertThat(apiA.put("/api/v1/admin/users/" + "0".repeat(24) + "/roles/admin", admin, null).status())
                .isEqualTo(404);
        assertThat(apiA.put("/api/v1/admin/users/not-an-id/roles/admin", admin, null).status()).isEqualTo(404);
        assertThat(apiA.put("/api/v1/admin/users/" + "0".repeat(24) + "/roles/admin", null, null).status())
                .isEqualTo(401);
    }

    @Test
    void aNewBootstrapAddressEndsTheOldOnesRole() {
        String oldAdmin = login(apiA, BOSS, PASSWORD);
        String successor = "successor-" + UUID.randomUUID() + "@example.test";
        ConfigurableApplicationContext c = instance("--ADMIN_EMAIL=" + successor, "--ADMIN_PASSWORD=" + PASSWORD);
        try {
            ApiClient apiC = StartedApp.client(c);
            assertThat(apiA.get(STATS, oldAdmin).status()).isEqualTo(403);
            assertThat(apiB.get(STATS, oldAdmin).status()).isEqualTo(403);
            assertThat(apiC.get(STATS, login(apiC, successor, PASSWORD)).status()).isEqualTo(200);
        } finally {
            c.close();
            // Restores the bootstrap of this class's instance A for the other tests.
            a.close();
            a = instance("--ADMIN_EMAIL=" + BOSS, "--ADMIN_PASSWORD=" + PASSWORD);
            apiA = StartedApp.client(a);
        }
    }

    @Test
    void aBootstrapWithoutCredentialsRefusesToStart() {
        assertThatThrownBy(() -> instance("--ADMIN_EMAIL=lonely@example.test").close())
                .hasStackTraceContaining("ADMIN_PASSWORD");
        assertThatThrownBy(() -> instance("--ADMIN_EMAIL=short@example.test", "--ADMIN_PASSWORD=short").close())
                .hasStackTraceContaining("ADMIN_PASSWORD must be at least 8");
    }

    private static String login(ApiClient api, String email, String password) {
        Reply login = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.at("/token").asString();
    }
}
