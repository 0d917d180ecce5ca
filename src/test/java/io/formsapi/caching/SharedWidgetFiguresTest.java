package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.formsapi.cache.CacheAdministration;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * A widget's figures are cached under what they are computed from (form, type, field, days), not under the widget:
 * the members of a form who each put the same widget on their dashboard share one computation. Who may read the
 * figures is still decided on every read, by the widget's owner and the form's members.
 */
class SharedWidgetFiguresTest extends IntegrationTest {

    private static final List<Map<String, Object>> FIELDS = List.of(field("rating", "Rating", "rating"));

    @Autowired
    private CacheAdministration cache;

    @Test
    void widgetsThatAskTheSameShareOneComputationAndEachReaderIsStillChecked() {
        TestUser owner = newUser("Dashboard owner");
        TestUser viewer = newUser("Dashboard viewer");
        String formId = createPublishedForm(owner, "Popular", FIELDS);
        submit(formId, null, Map.of("rating", 4));
        share(owner, formId, viewer, "viewer");
        String ownersCount = widget(owner, Map.of("formId", formId, "type", "count"));
        String viewersCount = widget(viewer, Map.of("formId", formId, "type", "count"));
        String ownersWeek = widget(owner, Map.of("formId", formId, "type", "timeseries", "days", 7));
        String ownersMonth = widget(owner, Map.of("formId", formId, "type", "timeseries", "days", 30));
        long loads = loads();

        Reply first = read(ownersCount, owner);
        assertThat(first.header("X-Cache")).isEqualTo("MISS");
        assertThat(first.at("/data/total").asLong()).isEqualTo(1);
        Reply shared = read(viewersCount, viewer);
        assertThat(shared.header("X-Cache")).as("the owner's computation serves the viewer's widget")
                .isEqualTo("HIT");
        assertThat(shared.at("/data/total").asLong()).isEqualTo(1);
        assertThat(loads()).isEqualTo(loads + 1);

        assertThat(read(ownersWeek, owner).header("X-Cache")).isEqualTo("MISS");
        assertThat(read(ownersMonth, owner).header("X-Cache")).as("other days, other figures").isEqualTo("MISS");
        assertThat(loads()).isEqualTo(loads + 3);

        assertThat(api.get("/api/v1/dashboard/widgets/" + ownersCount, viewer.token()).status())
                .as("another's widget, although its figures are cached").isEqualTo(404);
        assertThat(read(viewersCount, viewer).header("X-Cache")).isEqualTo("HIT");
        api.delete("/api/v1/forms/" + formId + "/members/" + viewer.id(), owner.token());
        assertThat(api.get("/api/v1/dashboard/widgets/" + viewersCount, viewer.token()).status())
                .as("a removed member's widget, although its figures were cached").isEqualTo(403);
        assertThat(read(ownersCount, owner).at("/data/total").asLong()).isEqualTo(1);
    }

    private String widget(TestUser user, Map<String, Object> definition) {
        Reply created = api.post("/api/v1/dashboard/widgets", user.token(), definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.at("/id").asString();
    }

    private Reply read(String widgetId, TestUser user) {
        Reply reply = api.get("/api/v1/dashboard/widgets/" + widgetId, user.token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply;
    }

    private long loads() {
        return cache.stats().types().get("dashboard_widget").loads();
    }
}
