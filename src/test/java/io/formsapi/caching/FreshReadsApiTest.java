package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * Every write is visible on the very next read, although each read was cached just before: the write flow
 * invalidates what it changed before it answers.
 */
class FreshReadsApiTest extends IntegrationTest {

    private static final List<Map<String, Object>> FIELDS = List.of(field("rating", "Rating", "rating"),
            field("comment", "Comment", "long_text"));

    private Reply twice(String path, String token) {
        api.get(path, token);
        return api.get(path, token);
    }

    @Test
    void formChangesAreSeenAtOnce() {
        TestUser owner = newUser("Writer");
        String formId = createForm(owner, "Before", FIELDS);
        String path = "/api/v1/forms/" + formId;
        assertThat(twice(path, owner.token()).at("/title").asString()).isEqualTo("Before");

        api.put(path, owner.token(), Map.of("title", "After", "fields", FIELDS));
        Reply afterUpdate = api.get(path, owner.token());
        assertThat(afterUpdate.at("/title").asString()).isEqualTo("After");
        assertThat(afterUpdate.at("/version").asLong()).isEqualTo(2);

        api.post(path + "/publish", owner.token(), null);
        assertThat(api.get(path, owner.token()).at("/status").asString()).isEqualTo("published");
        assertThat(twice(path + "/public", null).at("/title").asString()).isEqualTo("After");
        api.post(path + "/close", owner.token(), null);
        assertThat(api.get(path, owner.token()).at("/status").asString()).isEqualTo("closed");
        assertThat(api.get(path + "/public", null).status()).isEqualTo(404);

        api.delete(path, owner.token());
        assertThat(api.get(path, owner.token()).status()).isEqualTo(404);
    }

    @Test
    void aNewResponseShowsInCountsListsSearchesAndWidgets() {
        TestUser owner = newUser("Counter");
        String formId = createPublishedForm(owner, "Counted", FIELDS);
        submit(formId, null, Map.of("rating", 4, "comment", "first refund"));
        String widgetId = api.post("/api/v1/dashboard/widgets", owner.token(),
                Map.of("formId", formId, "type", "count")).at("/id").asString();
        String form = "/api/v1/forms/" + formId;
        String search = form + "/search?q=refund";
        String widget = "/api/v1/dashboard/widgets/" + widgetId;
        assertThat(twice(form, owner.token()).at("/responseCount").asLong()).isEqualTo(1);
        assertThat(twice(form + "/responses", owner.token()).at("/total").asLong()).isEqualTo(1);
        assertThat(twice(search, owner.token()).at("/total").asLong()).isEqualTo(1);
        assertThat(twice(widget, owner.token()).at("/data/total").asLong()).isEqualTo(1);

        submit(formId, null, Map.of("rating", 2, "comment", "second refund"));
        assertThat(api.get(form, owner.token()).at("/responseCount").asLong()).isEqualTo(2);
        assertThat(api.get(form + "/responses", owner.token()).at("/total").asLong()).isEqualTo(2);
        assertThat(api.get(search, owner.token()).at("/total").asLong()).isEqualTo(2);
        assertThat(api.get(widget, owner.token()).at("/data/total").asLong()).isEqualTo(2);
    }

    @Test
    void removedAccessIsRefusedOnTheNextRequestEvenRightAfterACachedRead() {
        TestUser owner = newUser("Host");
        TestUser viewer = newUser("Guest");
        String formId = createPublishedForm(owner, "Shared", FIELDS);
        submit(formId, null, Map.of("rating", 5));
        share(owner, formId, viewer, "viewer");
        String widgetId = api.post("/api/v1/dashboard/widgets", viewer.token(),
                Map.of("formId", formId, "type", "count")).at("/id").asString();
        String form = "/api/v1/forms/" + formId;
        assertThat(twice(form, viewer.token()).status()).isEqualTo(200);
        assertThat(twice(form + "/responses", viewer.token()).status()).isEqualTo(200);
        assertThat(twice(form + "/search?q=rating%205", viewer.token()).status()).isEqualTo(200);
        assertThat(twice("/api/v1/dashboard/widgets/" + widgetId, viewer.token()).status()).isEqualTo(200);

        api.delete(form + "/members/" + viewer.id(), owner.token());
        assertThat(api.get(form, viewer.token()).status()).isEqualTo(404);
        assertThat(api.get(form + "/responses", viewer.token()).status()).isEqualTo(404);
        assertThat(api.get(form + "/search?q=rating%205", viewer.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/dashboard/widgets/" + widgetId, viewer.token()).status()).isEqualTo(403);
    }

    @Test
    void aDowngradedEditorCannotEditOnTheNextRequest() {
        TestUser owner = newUser("Boss");
        TestUser editor = newUser("Helper");
        String formId = createForm(owner, "Roles", FIELDS);
        share(owner, formId, editor, "editor");
        String form = "/api/v1/forms/" + formId;
        assertThat(twice(form, editor.token()).at("/role").asString()).isEqualTo("editor");
        share(owner, formId, editor, "viewer");
        assertThat(api.get(form, editor.token()).at("/role").asString()).isEqualTo("viewer");
        assertThat(api.put(form, editor.token(), Map.of("title", "Nope", "fields", FIELDS)).status())
                .isEqualTo(403);
    }

    @Test
    void logoutEndsTheSessionAtOnce() {
        TestUser user = newUser("Leaver");
        assertThat(twice("/api/v1/users/me", user.token()).status()).isEqualTo(200);
        api.post("/api/v1/auth/logout", user.token(), null);
        assertThat(api.get("/api/v1/users/me", user.token()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/forms", user.token()).status()).isEqualTo(401);
    }

    @Test
    void aDeletedWidgetIsGoneAndADeletedFormTakesItsWidgets() {
        TestUser owner = newUser("Cleaner");
        String formId = createPublishedForm(owner, "Temporary", FIELDS);
        String first = api.post("/api/v1/dashboard/widgets", owner.token(),
                Map.of("formId", formId, "type", "count")).at("/id").asString();
        String second = api.post("/api/v1/dashboard/widgets", owner.token(),
                Map.of("formId", formId, "type", "latest")).at("/id").asString();
        assertThat(twice("/api/v1/dashboard/widgets/" + first, owner.token()).status()).isEqualTo(200);
        assertThat(twice("/api/v1/dashboard/widgets/" + second, owner.token()).status()).isEqualTo(200);
        api.delete("/api/v1/dashboard/widgets/" + first, owner.token());
        assertThat(api.get("/api/v1/dashboard/widgets/" + first, owner.token()).status()).isEqualTo(404);
        api.delete("/api/v1/forms/" + formId, owner.token());
        assertThat(api.get("/api/v1/dashboard/widgets/" + second, owner.token()).status()).isEqualTo(404);
    }
}
