package io.formsapi.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.formsapi.support.ApiClient;
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

    @Test
    void whatGetReturnsCanBeChangedAndPutBack() {
        TestUser owner = newUser("Roundtrip");
        TestUser editor = newUser("Roundtrip editor");
        String id = createForm(owner, "Round trip", ALL_TYPES);
        share(owner, id, editor, "editor");
        Reply read = api.get("/api/v1/forms/" + id, editor.token());
        ObjectNode representation = (ObjectNode) read.body().deepCopy();
        representation.put("title", "Round trip, edited");

        Reply updated = api.put("/api/v1/forms/" + id, editor.token(), representation);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.at("/title").asString()).isEqualTo("Round trip, edited");
        assertThat(updated.at("/version").asLong()).isEqualTo(read.at("/version").asLong() + 1);
        assertThat(updated.at("/fields")).isEqualTo(read.at("/fields"));
        assertThat(updated.at("/members")).isEqualTo(read.at("/members"));
    }

    @Test
    void readOnlyPropertiesCannotBeChangedByAnUpdate() {
        TestUser owner = newUser("Read only");
        TestUser member = newUser("Read only member");
        String id = createForm(owner, "Read only", List.of(field("q", "Q", "text")));
        JsonNode read = api.get("/api/v1/forms/" + id, owner.token()).body();
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("id", "0123456789abcdef01234567");
        changes.put("status", "published");
        changes.put("ownerId", member.id());
        changes.put("members", List.of(Map.of("userId", member.id(), "role", "editor")));
        changes.put("responseCount", 1);
        changes.put("createdAt", "2020-01-01T00:00:00Z");
        changes.put("updatedAt", "2020-01-01T00:00:00Z");
        changes.put("role", "viewer");
        changes.forEach((property, value) -> {
            ObjectNode changed = (ObjectNode) read.deepCopy();
            changed.set(property, ApiClient.JSON.valueToTree(value));
            Reply refused = api.put("/api/v1/forms/" + id, owner.token(), changed);
            assertThat(refused.status()).as(property + ": " + refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.at("/field").asString()).isEqualTo(property);
        });
        Reply after = api.get("/api/v1/forms/" + id, owner.token());
        assertThat(after.at("/version").asLong()).isEqualTo(read.at("/version").asLong());
        assertThat(after.at("/status").asString()).isEqualTo("draft");
        assertThat(after.at("/members").size()).isZero();
    }

    @Test
    void aRepresentationReadBeforeAnotherChangeIsStaleNotAReadOnlyChange() {
        TestUser owner = newUser("Stale rep");
        String id = createForm(owner, "Stale", List.of(field("q", "Q", "text")));
        ObjectNode read = (ObjectNode) api.get("/api/v1/forms/" + id, owner.token()).body().deepCopy();
        assertThat(api.post("/api/v1/forms/" + id + "/publish", owner.token(), null).status()).isEqualTo(200);
        read.put("title", "Too late");
        Reply stale = api.put("/api/v1/forms/" + id, owner.token(), read);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
    }

    @Test
    void responsesArrivingAfterTheReadDoNotBlockPuttingItBack() {
        TestUser owner = newUser("Busy form");
        String id = createPublishedForm(owner, "Busy", List.of(field("q", "Q", "text")));
        ObjectNode read = (ObjectNode) api.get("/api/v1/forms/" + id, owner.token()).body().deepCopy();
        submit(id, null, Map.of("q", "hello"));
        read.put("title", "Busy, renamed");
        Reply updated = api.put("/api/v1/forms/" + id, owner.token(), read);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.at("/responseCount").asLong()).isEqualTo(1);
    }

    @Test
    void ifMatchGuardsAnUpdateWithTheETagOfTheRead() {
        TestUser owner = newUser("Etag");
        String id = createForm(owner, "Tagged", List.of(field("q", "Q", "text")));
        String path = "/api/v1/forms/" + id;
        Reply miss = api.get(path, owner.token());
        Reply hit = api.get(path, owner.token());
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");
        String etag = miss.header("ETag");
        assertThat(etag).startsWith("\"").isEqualTo(hit.header("ETag"));

        Map<String, Object> edit = Map.of("title", "Tagged 2", "fields", List.of(field("q", "Q", "text")));
        Reply updated = api.send("PUT", path, owner.token(), edit, Map.of("If-Match", etag));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        String newEtag = updated.header("ETag");
        assertThat(newEtag).isNotEqualTo(etag);

        Reply lost = api.send("PUT", path, owner.token(), Map.of("title", "Lost update"), Map.of("If-Match", etag));
        assertThat(lost.status()).as(lost.toString()).isEqualTo(412);
        assertThat(lost.contentType()).startsWith("application/problem+json");
        assertThat(lost.at("/type").asString()).endsWith("precondition-failed");
        Reply weak = api.send("PUT", path, owner.token(), edit, Map.of("If-Match", "W/" + newEtag));
        assertThat(weak.status()).as(weak.toString()).isEqualTo(412);

        Reply reread = api.get(path, owner.token());
        assertThat(reread.at("/title").asString()).isEqualTo("Tagged 2");
        assertThat(reread.header("ETag")).isEqualTo(newEtag);
        assertThat(api.get(path, owner.token(), Map.of("If-None-Match", newEtag)).status()).isEqualTo(304);
        Reply listed = api.send("PUT", path, owner.token(), edit, Map.of("If-Match", etag + ", " + newEtag));
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        Reply any = api.send("PUT", path, owner.token(), edit, Map.of("If-Match", "*"));
        assertThat(any.status()).as(any.toString()).isEqualTo(200);
    }

    @Test
    void bothETagAndBodyVersionAreChecked() {
        TestUser owner = newUser("Both");
        String id = createForm(owner, "Both", List.of(field("q", "Q", "text")));
        String path = "/api/v1/forms/" + id;
        String etag = api.get(path, owner.token()).header("ETag");
        Reply staleVersion = api.send("PUT", path, owner.token(), Map.of("title", "x", "version", 7),
                Map.of("If-Match", etag));
        assertThat(staleVersion.status()).as(staleVersion.toString()).isEqualTo(409);
        Reply ok = api.send("PUT", path, owner.token(), Map.of("title", "x", "version", 1), Map.of("If-Match", etag));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void theETagChangesWhenAResponseChangesTheRepresentation() {
        TestUser owner = newUser("Counted");
        String id = createPublishedForm(owner, "Counted", List.of(field("q", "Q", "text")));
        String path = "/api/v1/forms/" + id;
        String before = api.get(path, owner.token()).header("ETag");
        submit(id, null, Map.of("q", "one"));
        Reply after = api.get(path, owner.token(), Map.of("If-None-Match", before));
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        assertThat(after.at("/responseCount").asLong()).isEqualTo(1);
        assertThat(after.header("ETag")).isNotEqualTo(before);
        Reply stale = api.send("PUT", path, owner.token(), Map.of("title", "x"), Map.of("If-Match", before));
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
    }

    private void assertFieldError(TestUser owner, Map<String, Object> body, String field) {
        Reply reply = api.post("/api/v1/forms", owner.token(), body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.at("/errors").findValuesAsString("field")).as(reply.toString()).contains(field);
    }
}
