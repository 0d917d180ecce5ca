package io.formsapi.forms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * Every form-scoped endpoint, called by the owner, an editor, a viewer, a user with no role and an anonymous
 * client, each time on a fresh form so that one call cannot change what the next one sees.
 */
class PermissionMatrixTest extends IntegrationTest {

    private static final List<String> ROLES = List.of("owner", "editor", "viewer", "stranger", "anonymous");

    private TestUser owner;
    private TestUser editor;
    private TestUser viewer;
    private TestUser stranger;
    private TestUser extra;

    @BeforeEach
    void users() {
        if (owner == null) {
            owner = newUser("Owner");
            editor = newUser("Editor");
            viewer = newUser("Viewer");
            stranger = newUser("Stranger");
            extra = newUser("Extra");
        }
    }

    private record Call(String method, String path, Object body) {
    }

    private interface CallFor {
        Call on(String formId);
    }

    @Test
    void readingTheForm() {
        expect(id -> new Call("GET", "/api/v1/forms/" + id, null), 200, 200, 200, 404, 401);
    }

    @Test
    void editingTheForm() {
        Map<String, Object> draft = Map.of("title", "Renamed", "fields", List.of(field("q", "Q", "text")));
        expect(id -> new Call("PUT", "/api/v1/forms/" + id, draft), 200, 200, 403, 404, 401);
    }

    @Test
    void publishingAndClosing() {
        expect(id -> new Call("POST", "/api/v1/forms/" + id + "/publish", null), 200, 200, 403, 404, 401);
        expect(id -> new Call("POST", "/api/v1/forms/" + id + "/close", null), 200, 200, 403, 404, 401);
    }

    @Test
    void deletingTheForm() {
        expect(id -> new Call("DELETE", "/api/v1/forms/" + id, null), 204, 403, 403, 404, 401);
    }

    @Test
    void managingMembers() {
        expect(id -> new Call("PUT", "/api/v1/forms/" + id + "/members/" + extra.id(), Map.of("role", "viewer")),
                200, 403, 403, 404, 401);
        expect(id -> new Call("DELETE", "/api/v1/forms/" + id + "/members/" + viewer.id(), null),
                204, 403, 204, 404, 401);
    }

    @Test
    void readingResponses() {
        expect(id -> new Call("GET", "/api/v1/forms/" + id + "/responses", null), 200, 200, 200, 404, 401);
    }

    @Test
    void submittingIsOpenToEveryoneWhilePublished() {
        expect(id -> new Call("POST", "/api/v1/forms/" + id + "/responses", Map.of("answers", Map.of("q", "hi"))),
                201, 201, 201, 201, 201);
    }

    @Test
    void submittingToADraftIsAConflictForMembersAndNotFoundForOthers() {
        Map<String, String> tokens = tokens();
        String formId = createForm(owner, "Draft", List.of(field("q", "Q", "text")));
        share(owner, formId, viewer, "viewer");
        Map<String, Object> body = Map.of("answers", Map.of("q", "hi"));
        assertThat(api.post("/api/v1/forms/" + formId + "/responses", tokens.get("viewer"), body).status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/forms/" + formId + "/responses", tokens.get("stranger"), body).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/forms/" + formId + "/responses", null, body).status()).isEqualTo(404);
    }

    @Test
    void publicViewShowsOnlyPublishedForms() {
        String draft = createForm(owner, "Draft", List.of(field("q", "Q", "text")));
        assertThat(api.get("/api/v1/forms/" + draft + "/public", null).status()).isEqualTo(404);
        api.post("/api/v1/forms/" + draft + "/publish", owner.token(), null);
        Reply open = api.get("/api/v1/forms/" + draft + "/public", null);
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body().has("members")).isFalse();
        assertThat(open.body().has("ownerId")).isFalse();
    }

    @Test
    void listingShowsOnlyFormsWithARole() {
        String formId = freshForm();
        assertThat(idsListedFor(owner)).contains(formId);
        assertThat(idsListedFor(editor)).contains(formId);
        assertThat(idsListedFor(viewer)).contains(formId);
        assertThat(idsListedFor(stranger)).doesNotContain(formId);
        assertThat(api.get("/api/v1/forms", null).status()).isEqualTo(401);
    }

    private List<String> idsListedFor(TestUser user) {
        Reply list = api.get("/api/v1/forms?size=100", user.token());
        assertThat(list.status()).isEqualTo(200);
        return list.at("/items").findValuesAsString("id");
    }

    private String freshForm() {
        String formId = createPublishedForm(owner, "Matrix", List.of(field("q", "Q", "text")));
        share(owner, formId, editor, "editor");
        share(owner, formId, viewer, "viewer");
        return formId;
    }

    private Map<String, String> tokens() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("owner", owner.token());
        tokens.put("editor", editor.token());
        tokens.put("viewer", viewer.token());
        tokens.put("stranger", stranger.token());
        tokens.put("anonymous", null);
        return tokens;
    }

    private void expect(CallFor callFor, int... statuses) {
        Map<String, String> tokens = tokens();
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < ROLES.size(); i++) {
            String role = ROLES.get(i);
            Call call = callFor.on(freshForm());
            Reply reply = api.send(call.method(), call.path(), tokens.get(role), call.body());
            soft.assertThat(reply.status()).as("%s %s as %s: %s", call.method(), call.path(), role, reply.raw())
                    .isEqualTo(statuses[i]);
            if (reply.status() >= 400) {
                soft.assertThat(reply.contentType()).as("problem+json for %s", role)
                        .startsWith("application/problem+json");
            }
        }
        soft.assertAll();
    }
}
