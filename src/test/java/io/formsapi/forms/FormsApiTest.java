package io.formsapi.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

class FormsApiTest extends IntegrationTest {

    private static final List<Map<String, Object>> ALL_TYPES = List.of(
            field("name", "Name", "text", "required", true),
            field("story", "Story", "long_text", "max", 5000),
            field("age", "Age", "number", "min", 0, "max", 130),
            field("rating", "Rating", "rating", "max", 10),
            field("color", "Color", "single_choice", "options", List.of("Red", "Blue")),
            field("toppings", "Toppings", "multi_choice", "options", List.of("Cheese", "Ham")),
            field("visit", "Visit", "date"),
            field("contact", "Contact", "email"));

    @Test
    void createReadUpdateDelete() {
        TestUser owner = newUser("Creator");
        Reply created = api.post("/api/v1/forms", owner.token(),
                Map.of("title", "  Survey ", "description", "About you", "fields", ALL_TYPES));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.at("/title").asString()).isEqualTo("Survey");
        assertThat(created.at("/status").asString()).isEqualTo("draft");
        assertThat(created.at("/version").asLong()).isEqualTo(1);
        assertThat(created.at("/role").asString()).isEqualTo("owner");
        assertThat(created.at("/fields").size()).isEqualTo(ALL_TYPES.size());
        assertThat(created.at("/fields/3/min").asDouble()).isEqualTo(1.0);
        String id = created.at("/id").asString();

        Reply read = api.get("/api/v1/forms/" + id, owner.token());
        assertThat(read.body()).isEqualTo(created.body());

        Reply updated = api.put("/api/v1/forms/" + id, owner.token(),
                Map.of("title", "Survey 2", "fields", List.of(field("q", "Question", "text")), "version", 1));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.at("/version").asLong()).isEqualTo(2);
        assertThat(updated.at("/fields").size()).isEqualTo(1);

        assertThat(api.post("/api/v1/forms/" + id + "/publish", owner.token(), null).at("/status").asString())
                .isEqualTo("published");
        Reply closed = api.post("/api/v1/forms/" + id + "/close", owner.token(), null);
        assertThat(closed.at("/status").asString()).isEqualTo("closed");
        assertThat(closed.at("/version").asLong()).isEqualTo(4);

        assertThat(api.delete("/api/v1/forms/" + id, owner.token()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/forms/" + id, owner.token()).status()).isEqualTo(404);
    }

    @Test
    void staleVersionIsAConflict() {
        TestUser owner = newUser("Racer");
        String id = createForm(owner, "Race", List.of(field("q", "Q", "text")));
        Map<String, Object> draft = Map.of("title", "A", "fields", List.of(field("q", "Q", "text")), "version", 1);
        assertThat(api.put("/api/v1/forms/" + id, owner.token(), draft).status()).isEqualTo(200);
        Reply stale = api.put("/api/v1/forms/" + id, owner.token(), draft);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
    }

    @Test
    void membersCanBeAddedChangedAndRemoved() {
        TestUser owner = newUser("Host");
        TestUser guest = newUser("Guest");
        String id = createForm(owner, "Shared", List.of(field("q", "Q", "text")));
        share(owner, id, guest, "viewer");
        assertThat(api.get("/api/v1/forms/" + id, guest.token()).at("/role").asString()).isEqualTo("viewer");
        share(owner, id, guest, "editor");
        Reply asEditor = api.get("/api/v1/forms/" + id, guest.token());
        assertThat(asEditor.at("/role").asString()).isEqualTo("editor");
        assertThat(asEditor.at("/members").size()).isEqualTo(1);
        assertThat(asEditor.at("/version").asLong()).isEqualTo(3);

        assertThat(api.delete("/api/v1/forms/" + id + "/members/" + guest.id(), owner.token()).status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/forms/" + id, guest.token()).status()).isEqualTo(404);
    }

    @Test
    void memberRequestsAreValidated() {
        TestUser owner = newUser("Strict");
        String id = createForm(owner, "Members", List.of(field("q", "Q", "text")));
        String path = "/api/v1/forms/" + id + "/members/";
        assertThat(api.put(path + owner.id(), owner.token(), Map.of("role", "viewer")).at("/field").asString())
                .isEqualTo("userId");
        assertThat(api.put(path + "0123456789abcdef01234567", owner.token(), Map.of("role", "viewer")).status())
                .isEqualTo(404);
        assertThat(api.put(path + "not-an-id", owner.token(), Map.of("role", "viewer")).status()).isEqualTo(404);
        Reply badRole = api.put(path + newUser("Someone").id(), owner.token(), Map.of("role", "owner"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.at("/field").asString()).isEqualTo("role");
    }

    @Test
    void schemaIsValidated() {
        TestUser owner = newUser("Schema");
        assertFieldError(owner, Map.of("title", "", "fields", List.of()), "title");
        assertFieldError(owner, Map.of("title", "x", "fields",
                List.of(field("a", "A", "text"), field("a", "B", "text"))), "fields[1].id");
        assertFieldError(owner, Map.of("title", "x", "fields",
                List.of(field("a", "Same", "text"), field("b", "same", "text"))), "fields[1].label");
        assertFieldError(owner, Map.of("title", "x", "fields", List.of(field("c", "C", "single_choice"))),
                "fields[0].options");
        assertFieldError(owner, Map.of("title", "x", "fields",
                List.of(field("c", "C", "multi_choice", "options", List.of("x", "X")))), "fields[0].options[1]");
        assertFieldError(owner, Map.of("title", "x", "fields", List.of(field("$where", "W", "text"))),
                "fields[0].id");
        assertFieldError(owner, Map.of("title", "x", "fields", List.of(field("a.b", "W", "text"))), "fields[0].id");
        assertFieldError(owner, Map.of("title", "x", "fields", List.of(field("r", "R", "rating", "max", 11))),
                "fields[0].max");
        assertFieldError(owner, Map.of("title", "x", "fields",
                List.of(field("n", "N", "number", "min", 5, "max", 1))), "fields[0].min");
        assertFieldError(owner, Map.of("title", "x", "fields", List.of(field("t", "T", "nonsense"))),
                "fields[0].type");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i <= FormSchemaValidator.MAX_FIELDS; i++) {
            tooMany.add(field("f" + i, "F" + i, "text"));
        }
        assertFieldError(owner, Map.of("title", "x", "fields", tooMany), "fields");
    }

    @Test
    void twoHundredFieldsAreAccepted() {
        TestUser owner = newUser("Wide");
        List<Map<String, Object>> fields = new ArrayList<>();
        for (int i = 0; i < FormSchemaValidator.MAX_FIELDS; i++) {
            fields.add(field("f" + i, "F" + i, "number"));
        }
        assertThat(api.post("/api/v1/forms", owner.token(), Map.of("title", "Wide", "fields", fields)).status())
                .isEqualTo(201);
    }

    @Test
    void publishingNeedsAField() {
        TestUser owner = newUser("Empty");
        String id = createForm(owner, "Empty", List.of());
        assertThat(api.post("/api/v1/forms/" + id + "/publish", owner.token(), null).status()).isEqualTo(409);
    }

    @Test
    void listingIsPaginatedNewestChangeFirst() {
        TestUser owner = newUser("Lister");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createForm(owner, "Form " + i, List.of(field("q", "Q", "text"))));
        }
        Reply first = api.get("/api/v1/forms?page=0&size=2", owner.token());
        assertThat(first.at("/total").asLong()).isEqualTo(5);
        assertThat(first.at("/items").findValuesAsString("id")).containsExactly(ids.get(4), ids.get(3));
        Reply last = api.get("/api/v1/forms?page=2&size=2", owner.token());
        assertThat(last.at("/items").findValuesAsString("id")).containsExactly(ids.get(0));
        assertThat(last.at("/items/0/fieldCount").asInt()).isEqualTo(1);
    }

    private void assertFieldError(TestUser owner, Map<String, Object> body, String field) {
        Reply reply = api.post("/api/v1/forms", owner.token(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.at("/errors").findValuesAsString("field")).as(reply.toString()).contains(field);
    }
}
