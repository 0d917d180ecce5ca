package io.formsapi.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

import io.formsapi.responses.FormResponse;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The figures of every widget type, computed from the responses. Figures are strict here, so that each read shows
 * every submission before it: widgets asking the same of a form share their figures, and with the default bounded
 * freshness a widget created right after a submission could be answered with the previous figures, marked STALE
 * (that policy is tested in {@code BoundedFreshnessApiTest}).
 */
@TestPropertySource(properties = "forms.cache.types.[dashboard_widget].freshness=strict")
class DashboardApiTest extends IntegrationTest {

    private static final String WIDGETS = "/api/v1/dashboard/widgets";
    private static final List<String> COLOURS = List.of("Red", "Green", "Blue", "Purple");
    private static final List<String> TOPPINGS = List.of("Cheese", "Ham", "Olives", "Pineapple");

    @Autowired
    private MongoTemplate mongo;

    @Autowired
    private Clock clock;

    // ---- endpoints -------------------------------------------------------------------------------------------

    @Test
    void createGetListAndDeleteAWidget() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Team lunch", surveyFields());
        submit(formId, null, Map.of("amount", 12));

        Reply created = createWidget(owner, Map.of("formId", formId, "type", "count", "title", "  Lunch answers "));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String widgetId = created.at("/id").asString();
        assertThat(widgetId).matches("[0-9a-f]{24}");
        assertThat(created.at("/formId").asString()).isEqualTo(formId);
        assertThat(created.at("/type").asString()).isEqualTo("count");
        assertThat(created.at("/title").asString()).isEqualTo("Lunch answers");
        assertThat(created.at("/createdAt").asString()).isNotBlank();
        assertThat(created.body().has("data")).isFalse();
        assertThat(created.body().has("ownerId")).isFalse();

        Reply got = api.get(WIDGETS + "/" + widgetId, owner.token());
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.at("/title").asString()).isEqualTo("Lunch answers");
        assertThat(got.at("/data/total").asLong()).isEqualTo(1);

        Reply list = api.get(WIDGETS, owner.token());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.at("/total").asLong()).isEqualTo(1);
        assertThat(list.at("/items/0/id").asString()).isEqualTo(widgetId);
        assertThat(list.at("/items/0").has("data")).isFalse();

        assertThat(api.get(WIDGETS + "/" + widgetId, owner.token()).at("/title").asString())
                .as("read again, its definition from the cache").isEqualTo("Lunch answers");
        assertThat(api.delete(WIDGETS + "/" + widgetId, owner.token()).status()).isEqualTo(204);
        assertThat(api.get(WIDGETS + "/" + widgetId, owner.token()).status()).isEqualTo(404);
        assertThat(api.delete(WIDGETS + "/" + widgetId, owner.token()).status()).isEqualTo(404);
        assertThat(api.get(WIDGETS, owner.token()).at("/total").asLong()).isZero();
    }

    @Test
    void titlesAreDerivedWhenOmitted() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Team lunch", surveyFields());
        assertThat(widget(owner, Map.of("formId", formId, "type", "count")).at("/title").asString())
                .isEqualTo("Responses to Team lunch");
        assertThat(widget(owner, Map.of("formId", formId, "type", "latest", "title", " ")).at("/title").asString())
                .isEqualTo("Latest responses to Team lunch");
        assertThat(widget(owner, Map.of("formId", formId, "type", "numeric_stats", "fieldId", "amount"))
                .at("/title").asString()).isEqualTo("Amount spent: statistics");

        String longTitle = "t".repeat(200);
        String longFormId = createPublishedForm(owner, longTitle, surveyFields());
        assertThat(widget(owner, Map.of("formId", longFormId, "type", "count")).at("/title").asString())
                .hasSize(200).startsWith("Responses to ttt").endsWith("t…");
    }

    @Test
    void listingIsPaginatedNewestFirst() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Paged", surveyFields());
        List<String> ids = new ArrayList<>();
        for (String type : List.of("count", "latest", "timeseries")) {
            ids.add(widget(owner, Map.of("formId", formId, "type", type)).at("/id").asString());
        }
        Collections.reverse(ids);

        Reply first = api.get(WIDGETS + "?size=2", owner.token());
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.at("/total").asLong()).isEqualTo(3);
        assertThat(first.at("/size").asInt()).isEqualTo(2);
        assertThat(first.at("/items").findValuesAsString("id")).containsExactly(ids.get(0), ids.get(1));
        assertThat(first.at("/items/0/days").asInt()).isEqualTo(30);
        Reply second = api.get(WIDGETS + "?size=2&page=1", owner.token());
        assertThat(second.at("/items").findValuesAsString("id")).containsExactly(ids.get(2));
        assertThat(second.at("/items/0").has("days")).isFalse();
        assertThat(second.at("/items/0").has("fieldId")).isFalse();
        assertThat(api.get(WIDGETS + "?size=0", owner.token()).at("/field").asString()).isEqualTo("size");
    }

    // ---- widget figures --------------------------------------------------------------------------------------

    @Test
    void countWidgetCountsAllResponsesAndThoseOfTheLastDay() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Counted", surveyFields());
        String otherFormId = createPublishedForm(owner, "Other", surveyFields());
        List<Instant> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submit(formId, null, Map.of("amount", i));
            submitted.add(clock.instant());
        }
        Instant now = clock.instant();
        for (Duration age : List.of(Duration.ofHours(23), Duration.ofHours(25), Duration.ofDays(3))) {
            submitted.add(insertResponse(formId, now.minus(age), Map.of()));
        }
        submit(otherFormId, null, Map.of("amount", 1));

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "count")));

        Instant dayAgo = clock.instant().minus(Duration.ofHours(24));
        assertThat(data.get("total").asLong()).isEqualTo(submitted.size());
        assertThat(data.get("last24h").asLong()).isEqualTo(submitted.stream().filter(t -> t.isAfter(dayAgo)).count());
    }

    @Test
    void timeseriesHasOnePointPerUtcDayIncludingEmptyDays() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Daily", surveyFields());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Instant> submitted = new ArrayList<>();
        submit(formId, null, Map.of());
        submit(formId, null, Map.of());
        submitted.add(clock.instant());
        submitted.add(clock.instant());
        submitted.add(insertResponse(formId, utc(today.minusDays(1), LocalTime.NOON), Map.of()));
        submitted.add(insertResponse(formId, utc(today.minusDays(1), LocalTime.MIDNIGHT), Map.of()));
        submitted.add(insertResponse(formId, utc(today.minusDays(3), LocalTime.of(18, 30)), Map.of()));
        submitted.add(insertResponse(formId, utc(today.minusDays(6), LocalTime.MIDNIGHT), Map.of()));
        submitted.add(insertResponse(formId, utc(today.minusDays(7), LocalTime.MAX), Map.of()));
        submitted.add(insertResponse(formId, utc(today.minusDays(40), LocalTime.NOON), Map.of()));

        JsonNode week = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "timeseries", "days", 7)));

        assertThat(week.get("days").asInt()).isEqualTo(7);
        assertThat(points(week)).isEqualTo(expectedDailyCounts(submitted, today, 7));
        assertThat(points(week).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);

        JsonNode month = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "timeseries")));
        assertThat(month.get("days").asInt()).isEqualTo(30);
        assertThat(points(month)).isEqualTo(expectedDailyCounts(submitted, today, 30));
    }

    @Test
    void numericStatsOfANumberField() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Spending", surveyFields());
        List<Double> amounts = List.of(12.5, 3.0, 7.0, 7.0, 100.0, -4.0, 0.25, 42.0, 18.0, 9.0, 61.0);
        for (double amount : amounts) {
            submit(formId, null, Map.of("amount", amount));
        }
        submit(formId, null, Map.of("comment", "no amount given"));
        insertResponse(formId, clock.instant(), Map.of("amount", "answered while the field was text"));

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "numeric_stats",
                "fieldId", "amount")));

        assertNumericStats(data, amounts);
    }

    @Test
    void numericStatsOfARatingField() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Ratings", surveyFields());
        List<Integer> scores = List.of(5, 3, 4, 4, 1, 5, 2, 4);
        for (int score : scores) {
            submit(formId, null, Map.of("score", score));
        }

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "numeric_stats",
                "fieldId", "score")));

        assertNumericStats(data, scores.stream().map(Integer::doubleValue).toList());
    }

    @Test
    void numericStatsWithoutAnswersAreEmpty() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Silent", surveyFields());
        submit(formId, null, Map.of("comment", "only a comment"));

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "numeric_stats",
                "fieldId", "amount")));

        assertThat(data.get("count").asLong()).isZero();
        for (String figure : List.of("mean", "min", "max", "p50", "p90")) {
            assertThat(data.get(figure).isNull()).as(figure).isTrue();
        }
    }

    @Test
    void numericStatsRankEveryCountOfAnswersByNearestRank() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Growing", surveyFields());
        List<Double> amounts = new ArrayList<>();
        for (int n = 1; n <= 23; n++) {
            // whole and fractional answers, out of order, some repeated
            double amount = n % 2 == 0 ? (n * 37 % 23) - 5.5 : n * 7 % 5;
            amounts.add(amount);
            submit(formId, null, Map.of("amount", amount));

            assertNumericStats(dataOf(owner, widget(owner, Map.of("formId", formId, "type", "numeric_stats",
                    "fieldId", "amount"))), amounts);
        }
    }

    @Test
    void choiceDistributionWithoutAnswersCountsNothing() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Unpicked", surveyFields());
        submit(formId, null, Map.of("comment", "no colour"));

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "choice_distribution",
                "fieldId", "colour")));

        assertThat(optionCounts(data)).isEqualTo(expectedOptionCounts(COLOURS, List.of()));
        assertThat(data.get("answered").asLong()).isZero();
    }

    @Test
    void choiceDistributionOfASingleChoiceKeepsTheFormsOptionOrderAndZeroCounts() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Colours", surveyFields());
        List<String> picks = List.of("blue", "Red", "Blue", "RED", "blue", "Green");
        for (String pick : picks) {
            submit(formId, null, Map.of("colour", pick));
        }
        submit(formId, null, Map.of("amount", 3));

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "choice_distribution",
                "fieldId", "colour")));

        assertThat(data.get("field").asString()).isEqualTo("Favourite colour");
        assertThat(optionCounts(data)).isEqualTo(expectedOptionCounts(COLOURS, picks.stream().map(List::of).toList()));
        assertThat(optionCounts(data)).containsEntry("Purple", 0L);
        assertThat(data.get("answered").asLong()).isEqualTo(picks.size());
    }

    @Test
    void choiceDistributionOfAMultipleChoiceCountsEveryPickedOption() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Pizza", surveyFields());
        List<List<String>> picks = List.of(List.of("Cheese", "ham"), List.of("cheese"), List.of("Olives", "Cheese",
                "Ham"), List.of("HAM"));
        for (List<String> pick : picks) {
            submit(formId, null, Map.of("toppings", pick));
        }
        submit(formId, null, Map.of("toppings", List.of()));

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "choice_distribution",
                "fieldId", "toppings")));

        assertThat(optionCounts(data)).isEqualTo(expectedOptionCounts(TOPPINGS, picks));
        assertThat(List.copyOf(optionCounts(data).keySet())).isEqualTo(TOPPINGS);
        assertThat(data.get("answered").asLong()).isEqualTo(picks.size());
    }

    @Test
    void latestShowsTheTenNewestResponses() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Latest", surveyFields());
        insertResponse(formId, clock.instant().minus(Duration.ofDays(2)), Map.of("comment", "old"));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            ids.add(submit(formId, null, Map.of("amount", i)));
        }
        Collections.reverse(ids);

        JsonNode data = dataOf(owner, widget(owner, Map.of("formId", formId, "type", "latest")));

        JsonNode responses = data.get("responses");
        assertThat(responses.findValuesAsString("id")).containsExactlyElementsOf(ids.subList(0, 10));
        assertThat(responses.get(0).at("/answers/amount").asDouble()).isEqualTo(12.0);
        assertThat(responses.get(0).get("formId").asString()).isEqualTo(formId);
        assertThat(responses.get(0).has("terms")).isFalse();
    }

    // ---- access ----------------------------------------------------------------------------------------------

    @Test
    void widgetsNeedTheRightToReadTheFormsResponses() {
        TestUser owner = newUser("Owner");
        TestUser viewer = newUser("Viewer");
        TestUser stranger = newUser("Stranger");
        String formId = createPublishedForm(owner, "Shared", surveyFields());
        submit(formId, null, Map.of("amount", 5));

        Reply refused = createWidget(stranger, Map.of("formId", formId, "type", "count"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);

        share(owner, formId, viewer, "viewer");
        String widgetId = widget(viewer, Map.of("formId", formId, "type", "count")).at("/id").asString();
        assertThat(api.get(WIDGETS + "/" + widgetId, viewer.token()).at("/data/total").asLong()).isEqualTo(1);

        Reply removed = api.delete("/api/v1/forms/" + formId + "/members/" + viewer.id(), owner.token());
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        Reply forbidden = api.get(WIDGETS + "/" + widgetId, viewer.token());
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(forbidden.at("/detail").asString()).contains(formId);
        assertThat(forbidden.body().has("data")).isFalse();

        assertThat(api.get(WIDGETS, viewer.token()).at("/items/0/id").asString()).isEqualTo(widgetId);
        assertThat(api.delete(WIDGETS + "/" + widgetId, viewer.token()).status()).isEqualTo(204);
    }

    @Test
    void widgetsArePrivateToTheirOwner() {
        TestUser owner = newUser("Owner");
        TestUser editor = newUser("Editor");
        String formId = createPublishedForm(owner, "Private", surveyFields());
        share(owner, formId, editor, "editor");
        String widgetId = widget(owner, Map.of("formId", formId, "type", "count")).at("/id").asString();

        Reply hidden = api.get(WIDGETS + "/" + widgetId, editor.token());
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(404);
        assertThat(api.delete(WIDGETS + "/" + widgetId, editor.token()).status()).isEqualTo(404);
        assertThat(api.get(WIDGETS, editor.token()).at("/total").asLong()).isZero();
        assertThat(api.get(WIDGETS + "/" + widgetId, owner.token()).status()).isEqualTo(200);
    }

    @Test
    void anonymousCallersAreUnauthorized() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Anonymous", surveyFields());
        String widgetId = widget(owner, Map.of("formId", formId, "type", "count")).at("/id").asString();

        assertThat(api.post(WIDGETS, null, Map.of("formId", formId, "type", "count")).status()).isEqualTo(401);
        assertThat(api.get(WIDGETS, null).status()).isEqualTo(401);
        assertThat(api.get(WIDGETS + "/" + widgetId, null).status()).isEqualTo(401);
        assertThat(api.delete(WIDGETS + "/" + widgetId, null).status()).isEqualTo(401);
    }

    @Test
    void deletingAFormRemovesItsWidgetsOnly() {
        TestUser owner = newUser("Owner");
        TestUser viewer = newUser("Viewer");
        String formId = createPublishedForm(owner, "Doomed", surveyFields());
        String keptFormId = createPublishedForm(owner, "Kept", surveyFields());
        share(owner, formId, viewer, "viewer");
        String doomed = widget(owner, Map.of("formId", formId, "type", "count")).at("/id").asString();
        widget(viewer, Map.of("formId", formId, "type", "latest"));
        String kept = widget(owner, Map.of("formId", keptFormId, "type", "count")).at("/id").asString();
        assertThat(api.get(WIDGETS + "/" + doomed, owner.token()).status()).as("its definition now cached")
                .isEqualTo(200);

        assertThat(api.delete("/api/v1/forms/" + formId, owner.token()).status()).isEqualTo(204);

        Reply gone = api.get(WIDGETS + "/" + doomed, owner.token());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.toString()).contains("widget not found");
        assertThat(api.get(WIDGETS, owner.token()).at("/items").findValuesAsString("id")).containsExactly(kept);
        assertThat(api.get(WIDGETS, viewer.token()).at("/total").asLong()).isZero();
    }

    @Test
    void aWidgetWhoseFieldWasRemovedFromTheFormIsAConflict() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Changing", surveyFields());
        String widgetId = widget(owner, Map.of("formId", formId, "type", "numeric_stats", "fieldId", "amount"))
                .at("/id").asString();

        Reply updated = api.put("/api/v1/forms/" + formId, owner.token(), Map.of("title", "Changing",
                "fields", List.of(field("comment", "Comment", "text"))));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);

        Reply stale = api.get(WIDGETS + "/" + widgetId, owner.token());
        assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
        assertThat(stale.at("/detail").asString()).contains("amount");
    }

    // ---- validation ------------------------------------------------------------------------------------------

    @Test
    void invalidDefinitionsNameTheOffendingField() {
        TestUser owner = newUser("Owner");
        String formId = createPublishedForm(owner, "Validated", surveyFields());

        assertInvalid(owner, Map.of("formId", formId, "type", "pie_chart"), "type");
        assertInvalid(owner, Map.of("formId", formId), "type");
        assertInvalid(owner, Map.of("type", "count"), "formId");
        assertInvalid(owner, Map.of("formId", formId, "type", "numeric_stats"), "fieldId");
        assertInvalid(owner, Map.of("formId", formId, "type", "numeric_stats", "fieldId", "nope"), "fieldId");
        assertInvalid(owner, Map.of("formId", formId, "type", "numeric_stats", "fieldId", "colour"), "fieldId");
        assertInvalid(owner, Map.of("formId", formId, "type", "choice_distribution", "fieldId", "amount"),
                "fieldId");
        assertInvalid(owner, Map.of("formId", formId, "type", "count", "fieldId", "amount"), "fieldId");
        assertInvalid(owner, Map.of("formId", formId, "type", "timeseries", "days", 0), "days");
        assertInvalid(owner, Map.of("formId", formId, "type", "timeseries", "days", 366), "days");
        assertInvalid(owner, Map.of("formId", formId, "type", "timeseries", "days", "many"), "days");
        assertInvalid(owner, Map.of("formId", formId, "type", "latest", "days", 7), "days");
        assertInvalid(owner, Map.of("formId", formId, "type", "count", "title", "x".repeat(201)), "title");
        assertInvalid(owner, Map.of("formId", formId, "type", "count", "colour", "red"), "colour");

        assertThat(widget(owner, Map.of("formId", formId, "type", "timeseries", "days", 365)).at("/days").asInt())
                .isEqualTo(365);
        assertThat(widget(owner, Map.of("formId", formId, "type", "count", "title", "x".repeat(200)))
                .at("/title").asString()).hasSize(200);
        assertThat(api.get(WIDGETS, owner.token()).at("/total").asLong()).isEqualTo(2);
    }

    @Test
    void malformedIdsAreNotFound() {
        TestUser owner = newUser("Owner");
        assertThat(api.get(WIDGETS + "/not-an-id", owner.token()).status()).isEqualTo(404);
        assertThat(api.delete(WIDGETS + "/not-an-id", owner.token()).status()).isEqualTo(404);
        assertThat(api.get(WIDGETS + "/" + new ObjectId().toHexString(), owner.token()).status()).isEqualTo(404);
        assertThat(createWidget(owner, Map.of("formId", "not-an-id", "type", "count")).status()).isEqualTo(404);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> surveyFields() {
        return List.of(field("amount", "Amount spent", "number", "min", -1000, "max", 1000),
                field("score", "Score", "rating"),
                field("colour", "Favourite colour", "single_choice", "options", COLOURS),
                field("toppings", "Toppings", "multi_choice", "options", TOPPINGS),
                field("comment", "Comment", "text"));
    }

    private Reply createWidget(TestUser user, Map<String, Object> definition) {
        return api.post(WIDGETS, user.token(), definition);
    }

    private Reply widget(TestUser user, Map<String, Object> definition) {
        Reply created = createWidget(user, definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private JsonNode dataOf(TestUser user, Reply created) {
        Reply got = api.get(WIDGETS + "/" + created.at("/id").asString(), user.token());
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.at("/type").asString()).isEqualTo(created.at("/type").asString());
        return got.at("/data");
    }

    private void assertInvalid(TestUser user, Map<String, Object> definition, String field) {
        Reply reply = createWidget(user, definition);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.at("/field").asString()).as(reply.toString()).isEqualTo(field);
    }

    /** Stores a response as the API would, but at a chosen time, which the API cannot do. */
    private Instant insertResponse(String formId, Instant submittedAt, Map<String, Object> answers) {
        mongo.insert(new FormResponse(new ObjectId().toHexString(), formId, 1, submittedAt, null, answers, List.of(),
                Map.of(), 0));
        return submittedAt;
    }

    private static Instant utc(LocalDate day, LocalTime time) {
        return day.atTime(time).toInstant(ZoneOffset.UTC);
    }

    private static Map<String, Long> points(JsonNode timeseries) {
        Map<String, Long> points = new LinkedHashMap<>();
        for (JsonNode point : timeseries.get("points")) {
            points.put(point.get("date").asString(), point.get("count").asLong());
        }
        return points;
    }

    private static Map<String, Long> expectedDailyCounts(List<Instant> submitted, LocalDate today, int days) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int back = days - 1; back >= 0; back--) {
            LocalDate day = today.minusDays(back);
            expected.put(day.toString(), submitted.stream()
                    .filter(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).equals(day)).count());
        }
        return expected;
    }

    private static Map<String, Long> optionCounts(JsonNode distribution) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonNode option : distribution.get("options")) {
            counts.put(option.get("option").asString(), option.get("count").asLong());
        }
        return counts;
    }

    /** Respondents may pick options in any letter case; the form's spelling is what gets counted. */
    private static Map<String, Long> expectedOptionCounts(List<String> options, List<List<String>> picks) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String option : options) {
            expected.put(option, picks.stream().filter(pick -> pick.stream()
                    .anyMatch(p -> p.toLowerCase(Locale.ROOT).equals(option.toLowerCase(Locale.ROOT)))).count());
        }
        return expected;
    }

    private static void assertNumericStats(JsonNode data, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        assertThat(data.get("count").asLong()).isEqualTo(values.size());
        assertThat(data.get("mean").asDouble()).isCloseTo(sum / values.size(), within(1e-9));
        assertThat(data.get("min").asDouble()).isEqualTo(sorted.get(0));
        assertThat(data.get("max").asDouble()).isEqualTo(sorted.get(sorted.size() - 1));
        assertThat(data.get("p50").asDouble()).isEqualTo(nearestRank(sorted, 50));
        assertThat(data.get("p90").asDouble()).isEqualTo(nearestRank(sorted, 90));
    }

    /** The value at position ceil(p/100 * n) of the ascending values, counting from 1. */
    private static double nearestRank(List<Double> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile * sorted.size() / 100.0);
        return sorted.get(rank - 1);
    }
}
