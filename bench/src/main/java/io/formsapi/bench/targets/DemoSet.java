package io.formsapi.bench.targets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.formsapi.bench.Submissions;
import tools.jackson.databind.JsonNode;

/**
 * The demo data as the benchmark uses it, found through the API: the 20 demo users logged in, every form with its
 * owner and response count, and the forms set aside for each measurement so that none warms another's keys.
 */
final class DemoSet {

    static final String PASSWORD = "demo-password";
    static final int USERS = 20;

    record User(String email, String id, String token) {
    }

    /** A form, its owner, and everyone who may read its responses (the owner first, then editors and viewers). */
    record Form(String id, boolean published, long responses, User owner, List<User> readers) {
    }

    private final List<User> users;
    private final List<Form> all;
    private final List<Form> published;
    private final String adminToken;
    private final int reserved;

    private DemoSet(List<User> users, List<Form> all, String adminToken, int reserved) {
        this.users = users;
        this.all = all;
        this.published = all.stream().filter(Form::published).toList();
        this.adminToken = adminToken;
        this.reserved = reserved;
    }

    /**
     * Logs every demo user in and lists their forms; {@code reserved} published forms with the fewest responses are
     * kept out of every other measurement.
     */
    static DemoSet discover(Api api, String adminPassword, int reserved) throws IOException {
        List<User> users = new ArrayList<>();
        Map<String, JsonNode> summaries = new LinkedHashMap<>();
        Map<String, User> owners = new HashMap<>();
        Map<String, List<User>> readers = new HashMap<>();
        for (int i = 1; i <= USERS; i++) {
            String email = "demo" + i + "@example.com";
            JsonNode login = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
            User user = new User(email, login.path("user").path("id").asString(), login.path("token").asString());
            users.add(user);
            for (int page = 0; ; page++) {
                JsonNode listing = api.get("/api/v1/forms?size=100&page=" + page, user.token());
                for (JsonNode form : listing.path("items")) {
                    String id = form.path("id").asString();
                    summaries.put(id, form);
                    readers.computeIfAbsent(id, k -> new ArrayList<>()).add(user);
                    if ("owner".equals(form.path("role").asString())) {
                        owners.put(id, user);
                    }
                }
                if ((page + 1) * 100L >= listing.path("total").asLong()) {
                    break;
                }
            }
        }
        List<Form> all = summaries.values().stream().map(summary -> {
            String id = summary.path("id").asString();
            User owner = owners.get(id);
            List<User> members = new ArrayList<>(List.of(owner));
            readers.get(id).stream().filter(u -> !u.equals(owner)).forEach(members::add);
            return new Form(id, "published".equals(summary.path("status").asString()),
                    summary.path("responseCount").asLong(), owner, List.copyOf(members));
        }).sorted(Comparator.comparingLong(Form::responses).reversed().thenComparing(Form::id)).toList();
        String adminToken = api.post("/api/v1/auth/login", null,
                Map.of("email", Deployment.ADMIN_EMAIL, "password", adminPassword)).path("token").asString();
        return new DemoSet(users, all, adminToken, reserved);
    }

    List<User> users() {
        return users;
    }

    String adminToken() {
        return adminToken;
    }

    /** Published forms not set aside, most responses first: rank 1 is the hottest form. */
    List<Form> ranked() {
        return published.subList(0, published.size() - reserved);
    }

    /** The forms set aside, each used by one measurement only. */
    List<Form> reserved() {
        return published.subList(published.size() - reserved, published.size());
    }

    /**
     * The user's own form with the most responses, among those not set aside; published or closed (some demo users
     * own only closed forms), which changes nothing for reading its responses.
     */
    Form topFormOf(User user) {
        return all.stream().filter(f -> f.owner().equals(user) && !reserved().contains(f)).findFirst().orElseThrow();
    }

    /** A valid anonymous submission to the form: an answer to every required field of its public view. */
    static String submission(JsonNode publicForm) {
        return Api.JSON.writeValueAsString(Submissions.answering(publicForm));
    }
}
