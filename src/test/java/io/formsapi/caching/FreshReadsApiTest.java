package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.formsapi.cache.CacheAdministration;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * Every write is visible on the very next read, although each read was cached just before: the write flow
 * invalidates what it changed before it answers. The one exception is bounded freshness: right after a
 * submission, response lists, searches and widget figures may be served as they were, marked STALE with their
 * Age, within the bound (5 s), while they are recomputed.
 */
class FreshReadsApiTest extends IntegrationTest {

    private static final List<Map<String, Object>> FIELDS = List.of(field("rating", "Rating", "rating"),
            field("comment", "Comment", "long_text"));

    @Autowired
    private CacheAdministration cache;

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
        assertCurrentOrStaleWithinTheBound(api.get(form + "/responses", owner.token()), "/total");
        assertCurrentOrStaleWithinTheBound(api.get(search, owner.token()), "/total");
        assertCurrentOrStaleWithinTheBound(api.get(widget, owner.token()), "/data/total");
        for (String path : List.of(form + "/responses", search)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get(path, owner.token()).at("/total")
                    .asLong() == 2);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(widget, owner.token()).at("/data/total")
                .asLong() == 2);
    }

    /** The new total (2), or the previous one (1) marked STALE with an Age within the bound. */
    private static void assertCurrentOrStaleWithinTheBound(Reply reply, String total) {
        assertThat(reply.status()).isEqualTo(200);
        if ("STALE".equals(reply.header("X-Cache"))) {
            assertThat(reply.at(total).asLong()).isEqualTo(1);
            assertThat(Long.parseLong(reply.header("Age"))).isBetween(0L, 5L);
        } else {
            assertThat(reply.at(total).asLong()).isEqualTo(2);
        }
    }

    @Test
    void aNewResponseRefreshesTheCountButNotTheCachedSchema() {
        TestUser owner = newUser("Schema keeper");
        String formId = createPublishedForm(owner, "Kept", FIELDS);
        String form = "/api/v1/forms/" + formId;
        Reply before = twice(form, owner.token());
        assertThat(before.header("X-Cache")).isEqualTo("HIT");
        assertThat(before.at("/responseCount").asLong()).isZero();
        assertThat(twice(form + "/public", null).header("X-Cache")).isEqualTo("HIT");
        long schemaLoads = loads("form_schema");
        long countLoads = loads("response_count");

        submit(formId, null, Map.of("rating", 3));
        Reply after = api.get(form, owner.token());
        assertThat(after.header("X-Cache")).as("the answer shows the count: refreshed").isEqualTo("MISS");
        assertThat(after.at("/responseCount").asLong()).isEqualTo(1);
        assertThat(after.header("ETag")).isNotEqualTo(before.header("ETag"));
        assertThat(api.get(form + "/public", null).header("X-Cache")).as("no count in it: kept").isEqualTo("HIT");
        Reply listed = api.get("/api/v1/forms", owner.token());
        assertThat(listed.at("/items/0/id").asString()).isEqualTo(formId);
        assertThat(listed.at("/items/0/responseCount").asLong()).isEqualTo(1);
        assertThat(loads("form_schema")).as("the schema was not read again").isEqualTo(schemaLoads);
        assertThat(loads("response_count")).as("the count was").isEqualTo(countLoads + 1);
    }

    private long loads(String type) {
        return cache.stats().types().get(type).loads();
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
