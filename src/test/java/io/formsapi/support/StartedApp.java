package io.formsapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.support.ApiClient.Reply;

/** Just enough of the API to set a test up against an application context the test started itself. */
public final class StartedApp {

    public final ApiClient client;

    /** The management server: Actuator's metrics and detailed health. */
    public final ApiClient management;

    public StartedApp(ConfigurableApplicationContext app) {
        client = client(app);
        management = new ApiClient(app.getEnvironment().getRequiredProperty("local.management.port", Integer.class));
    }

    public static ApiClient client(ConfigurableApplicationContext app) {
        return new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    /** Registers a new user and returns a bearer token. */
    public String login(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        Reply registered = client.post("/api/v1/auth/register", null,
                Map.of("email", email, "name", name, "password", "correct-horse"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        Reply login = client.post("/api/v1/auth/login", null, Map.of("email", email, "password", "correct-horse"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.at("/token").asString();
    }

    /** Creates a draft form with one text field and returns its id. */
    public String form(String token, String title) {
        Reply created = client.post("/api/v1/forms", token, Map.of("title", title,
                "fields", List.of(Map.of("id", "q", "label", "Q", "type", "text"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.at("/id").asString();
    }
}
