package io.formsapi.caching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;

/**
 * Bounded freshness through HTTP, with the default policies (response lists, searches and widget figures
 * bounded) and a bound of 3 s: right after a submission those answers may be the previous ones, marked STALE with
 * their Age, and are recomputed once (a response list by the first read that finds it stale, after answering it
 * on a connection that then closes); an answer older than the bound is never served stale; a permission change is
 * never crossed.
 */
@TestPropertySource(properties = {"forms.cache.types.[api_response].max-staleness=3s",
        "forms.cache.types.[api_response].refresh-after=0s",
        "forms.cache.types.[query_result].max-staleness=3s", "forms.cache.types.[dashboard_widget].max-staleness=3s"})
class BoundedFreshnessApiTest extends IntegrationTest {

    private static final long BOUND_SECONDS = 3;
    private static final List<Map<String, Object>> FIELDS = List.of(field("rating", "Rating", "rating"));

    @Test
    void rightAfterASubmissionTheListIsServedStaleThenRecomputed() {
        TestUser owner = newUser("Lister");
        String formId = createPublishedForm(owner, "Listed", FIELDS);
        submit(formId, null, Map.of("rating", 4));
        String list = "/api/v1/forms/" + formId + "/responses";
        assertThat(twice(list, owner.token()).header("X-Cache")).isEqualTo("HIT");

        submit(formId, null, Map.of("rating", 2));
        Reply stale = api.get(list, owner.token());
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.header("X-Cache")).isEqualTo("STALE");
        assertThat(stale.at("/total").asLong()).isEqualTo(1);
        assertThat(Long.parseLong(stale.header("Age"))).isBetween(0L, BOUND_SECONDS);
        assertThat(stale.header("Connection")).as("the connection of the answer whose recomputation follows it")
                .isEqualToIgnoringCase("close");

        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(list, owner.token()).at("/total").asLong() == 2);
        Reply recomputed = api.get(list, owner.token());
        assertThat(recomputed.header("X-Cache")).isEqualTo("HIT");
        assertThat(recomputed.header("Age")).isNull();
        assertThat(recomputed.header("Connection")).isNotEqualToIgnoringCase("close");
    }

    @Test
    void widgetFiguresSayTheyAreStale() {
        TestUser owner = newUser("Charter");
        String formId = createPublishedForm(owner, "Charted", FIELDS);
        submit(formId, null, Map.of("rating", 4));
        String widget = "/api/v1/dashboard/widgets/" + api.post("/api/v1/dashboard/widgets", owner.token(),
                Map.of("formId", formId, "type", "count")).at("/id").asString();
        assertThat(twice(widget, owner.token()).header("X-Cache")).isEqualTo("HIT");

        submit(formId, null, Map.of("rating", 2));
        Reply stale = api.get(widget, owner.token());
        assertThat(stale.header("X-Cache")).isEqualTo("STALE");
        assertThat(stale.at("/data/total").asLong()).isEqualTo(1);
        assertThat(Long.parseLong(stale.header("Age"))).isBetween(0L, BOUND_SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get(widget, owner.token()).at("/data/total")
                .asLong() == 2);
    }

    @Test
    void anAnswerOlderThanTheBoundIsNeverServedStale() throws InterruptedException {
        TestUser owner = newUser("Patient");
        String formId = createPublishedForm(owner, "Aged", FIELDS);
        submit(formId, null, Map.of("rating", 4));
        String list = "/api/v1/forms/" + formId + "/responses";
        assertThat(twice(list, owner.token()).header("X-Cache")).isEqualTo("HIT");

        Thread.sleep(Duration.ofSeconds(BOUND_SECONDS).plusMillis(500).toMillis());
        submit(formId, null, Map.of("rating", 2));
        Reply fresh = api.get(list, owner.token());
        assertThat(fresh.header("X-Cache")).isEqualTo("MISS");
        assertThat(fresh.at("/total").asLong()).isEqualTo(2);
    }

    @Test
    void aPermissionChangeIsNeverCrossed() {
        TestUser owner = newUser("Sharer");
        TestUser viewer = newUser("Removed");
        String formId = createPublishedForm(owner, "Shared", FIELDS);
        share(owner, formId, viewer, "viewer");
        submit(formId, null, Map.of("rating", 4));
        String list = "/api/v1/forms/" + formId + "/responses";
        assertThat(twice(list, viewer.token()).header("X-Cache")).isEqualTo("HIT");

        submit(formId, null, Map.of("rating", 2));
        assertThat(api.delete("/api/v1/forms/" + formId + "/members/" + viewer.id(), owner.token()).status())
                .isEqualTo(204);
        assertThat(api.get(list, viewer.token()).status()).isEqualTo(404);
    }
}
