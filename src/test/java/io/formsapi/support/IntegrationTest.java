package io.formsapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.formsapi.support.ApiClient.Reply;

/**
 * Base of the HTTP tests: one running app (shared by every subclass through the context cache) on a random
 * port, with Actuator on another random port ({@link #management}), storing into a fresh embedded store, or into MONGODB_URI when that is set. Data is never cleaned up,
 * so every test creates its own users and forms.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"forms.store.data-dir=target/test-store/${random.uuid}", "forms.cache.warmup.on-startup=false",
                "management.server.port=0"})
public abstract class IntegrationTest {

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    protected ApiClient api;

    /** The management server: Actuator's metrics and detailed health. */
    protected ApiClient management;

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
        management = new ApiClient(managementPort);
    }

    public record TestUser(String id, String email, String token) {
    }

    /** The second of two GETs of {@code path}: the first fills the cache, so this one is answered from it. */
    protected ApiClient.Reply twice(String path, String token) {
        api.get(path, token);
        return api.get(path, token);
    }

    protected TestUser newUser(String name) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID() + "@example.com";
        Reply registered = api.post("/api/v1/auth/register", null,
                Map.of("email", email, "name", name, "password", "correct-horse"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Reply login = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", "correct-horse"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new TestUser(registered.at("/id").asString(), email, login.at("/token").asString());
    }

    /** Creates a form owned by {@code owner} and returns its id. */
    protected String createForm(TestUser owner, String title, List<Map<String, Object>> fields) {
        Reply created = api.post("/api/v1/forms", owner.token(), Map.of("title", title, "fields", fields));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.at("/id").asString();
    }

    protected String createPublishedForm(TestUser owner, String title, List<Map<String, Object>> fields) {
        String formId = createForm(owner, title, fields);
        Reply published = api.post("/api/v1/forms/" + formId + "/publish", owner.token(), null);
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return formId;
    }

    protected String submit(String formId, String token, Map<String, Object> answers) {
        Reply submitted = api.post("/api/v1/forms/" + formId + "/responses", token, Map.of("answers", answers));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        return submitted.at("/id").asString();
    }

    protected void share(TestUser owner, String formId, TestUser member, String role) {
        Reply shared = api.put("/api/v1/forms/" + formId + "/members/" + member.id(), owner.token(),
                Map.of("role", role));
        assertThat(shared.status()).as(shared.toString()).isEqualTo(200);
    }

    protected static Map<String, Object> field(String id, String label, String type, Object... extra) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("label", label);
        map.put("type", type);
        for (int i = 0; i < extra.length; i += 2) {
            map.put((String) extra[i], extra[i + 1]);
        }
        return map;
    }
}
