package io.formsapi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.context.TestPropertySource;

import io.formsapi.responses.FormResponse;
import io.formsapi.support.ApiClient.Reply;
import io.formsapi.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

@TestPropertySource(properties = "forms.search.max-ranked-candidates=" + SearchApiTest.RANKED_WINDOW)
class SearchApiTest extends IntegrationTest {

    static final int RANKED_WINDOW = 10;

    /**
     * A Wednesday; this week started on Monday 2099-03-09. "Now" is far ahead so that the session TTL index of a
     * real MongoDB, which goes by the real time, never removes the test's sessions.
     */
    static final Instant NOW = Instant.parse("2099-03-11T12:00:00Z");

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @Bean
        @Primary
        Clock fixedClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    private MongoTemplate mongo;

    @Autowired
    private SearchStore store;

    private static final List<Map<String, Object>> FIELDS = List.of(
            field("rating", "Rating", "rating", "max", 5),
            field("age", "Age", "number"),
            field("score", "Score", "number"),
            field("color", "Color", "single_choice", "options", List.of("Red", "Blue", "Green", "Light blue")),
            field("backup", "Backup color", "single_choice", "options", List.of("Red", "Blue", "Yellow")),
            field("toppings", "Toppings", "multi_choice", "options", List.of("Cheese", "Ham", "Pineapple",
                    "Blue cheese")),
            field("ageGroup", "Age group", "single_choice", "options", List.of("Young", "Senior")),
            field("comment", "Comment", "long_text"),
            field("headline", "Headline", "text"),
            field("visit", "Visit", "date"));

    /** A response of the fixture: its name in the table, when it was submitted, its answers. */
    private record Fixture(String name, String submittedAt, Map<String, Object> answers) {
    }

    private static Fixture r(String name, String submittedAt, Object... answers) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < answers.length; i += 2) {
            map.put((String) answers[i], answers[i + 1]);
        }
        return new Fixture(name, submittedAt, map);
    }

    /** Newest first, so that r1..r12 is also the order of unranked results. */
    private static final List<Fixture> RESPONSES = List.of(
            r("r1", "2099-03-11T09:00:00Z", "rating", 5, "age", 34, "score", 8.5, "color", "Blue", "backup", "Red",
                    "toppings", List.of("Cheese", "Ham"), "ageGroup", "Young", "visit", "2099-03-10",
                    "comment", "Fast delivery and friendly staff. Delivery was really fast!"),
            r("r2", "2099-03-11T08:00:00Z", "rating", 2, "age", 19, "score", 2, "color", "Red", "backup", "Blue",
                    "toppings", List.of("Pineapple"), "ageGroup", "Young", "visit", "2099-03-01",
                    "comment", "Slow delivery and cold pizza. I want a refund."),
            r("r3", "2099-03-10T15:00:00Z", "rating", 4, "age", 45, "score", 6, "color", "Light blue",
                    "backup", "Yellow", "toppings", List.of("Blue cheese"), "ageGroup", "Senior",
                    "visit", "2099-02-20", "comment", "Great pizza, friendly staff"),
            r("r4", "2099-03-09T10:00:00Z", "rating", 3, "age", 30, "score", 3, "color", "Green",
                    "toppings", List.of("Ham", "Pineapple"), "comment", "Average pizza, delivery ok"),
            r("r5", "2099-03-06T10:00:00Z", "rating", 1, "age", 62, "score", 1, "color", "Red", "backup", "Red",
                    "ageGroup", "Senior", "visit", "2099-03-05",
                    "comment", "Terrible. Refund please! Cold and late delivery."),
            r("r6", "2099-03-02T10:00:00Z", "rating", 5, "age", 27, "score", 9, "color", "Blue", "backup", "Blue",
                    "toppings", List.of("Cheese"), "ageGroup", "Young",
                    "comment", "Best pizza in town, fast and hot", "headline", "Best pizza"),
            r("r7", "2099-02-27T10:00:00Z", "rating", 4, "age", 51, "score", 7, "color", "Green",
                    "backup", "Yellow", "toppings", List.of("Cheese", "Blue cheese"),
                    "comment", "Good pizza but slow delivery"),
            r("r8", "2099-02-15T10:00:00Z", "rating", 3, "age", 38, "score", 5, "color", "Blue",
                    "visit", "2099-02-14", "comment", "Staff friendly, pizza ok, no complaints"),
            r("r9", "2099-01-31T23:30:00Z", "rating", 2, "age", 23, "score", 4, "color", "Red",
                    "toppings", List.of("Ham"), "comment", "Refund refund refund: wrong order delivered",
                    "headline", "Refund"),
            r("r10", "2099-01-15T10:00:00Z", "rating", 5, "age", 41, "score", 10, "color", "Light blue",
                    "backup", "Blue", "comment", "Friendly, fast, delicious"),
            r("r11", "2099-01-01T00:00:00Z", "rating", 1, "age", 70, "color", "Green", "ageGroup", "Senior",
                    "comment", "Never again"),
            r("r12", "2098-12-31T23:59:59Z", "rating", 4, "age", 29, "score", 6, "color", "Blue",
                    "comment", "Happy new year party, blue balloons"));

    /** A query, how it must be understood (see {@link #interpretation}), and the names of its results in order. */
    private record Row(String query, String interpretation, String results) {
    }

    private static Row row(String query, String interpretation, String results) {
        return new Row(query, interpretation, results);
    }

    private static final String ALL = "r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12";

    private static final List<Row> TABLE = List.of(
            // Numeric comparisons by label
            row("rating >= 4", "rating>=4", "r1 r3 r6 r7 r10 r12"),
            row("rating > 4", "rating>4", "r1 r6 r10"),
            row("rating <= 2", "rating<=2", "r2 r5 r9 r11"),
            row("rating = 5", "rating=5", "r1 r6 r10"),
            row("Rating 3", "rating=3", "r4 r8"),
            row("rating at least 4", "rating>=4", "r1 r3 r6 r7 r10 r12"),
            row("rating at most 1", "rating<=1", "r5 r11"),
            row("age over 60", "age>60", "r5 r11"),
            row("age above 45", "age>45", "r5 r7 r11"),
            row("age more than 40", "age>40", "r3 r5 r7 r10 r11"),
            row("age greater than 50", "age>50", "r5 r7 r11"),
            row("score below 3", "score<3", "r2 r5"),
            row("score under 3", "score<3", "r2 r5"),
            row("score less than 4", "score<4", "r2 r4 r5"),
            row("age between 20 and 30", "age>=20 age<=30", "r4 r6 r9 r12"),
            row("score >= 8.5", "score>=8.5", "r1 r6 r10"),
            row("5 stars", "rating=5", "r1 r6 r10"),
            row("4+ stars", "rating>=4", "r1 r3 r6 r7 r10 r12"),
            row("at least 4 stars", "rating>=4", "r1 r3 r6 r7 r10 r12"),
            row("1 star", "rating=1", "r5 r11"),
            // Date phrases on the submission time
            row("today", "today=[2099-03-11,2099-03-12)", "r1 r2"),
            row("yesterday", "yesterday=[2099-03-10,2099-03-11)", "r3"),
            row("last 7 days", "last 7 days=[2099-03-05,2099-03-12)", "r1 r2 r3 r4 r5"),
            row("past 10 days", "past 10 days=[2099-03-02,2099-03-12)", "r1 r2 r3 r4 r5 r6"),
            row("this week", "this week=[2099-03-09,2099-03-16)", "r1 r2 r3 r4"),
            row("last week", "last week=[2099-03-02,2099-03-09)", "r5 r6"),
            row("this month", "this month=[2099-03-01,2099-04-01)", "r1 r2 r3 r4 r5 r6"),
            row("last month", "last month=[2099-02-01,2099-03-01)", "r7 r8"),
            row("since 2099-01-15", "since 2099-01-15=[2099-01-15,)", "r1 r2 r3 r4 r5 r6 r7 r8 r9 r10"),
            row("after 2099-01-15", "after 2099-01-15=[2099-01-16,)", "r1 r2 r3 r4 r5 r6 r7 r8 r9"),
            row("before 2099-01-01", "before 2099-01-01=[,2099-01-01)", "r12"),
            row("on 2099-01-31", "on 2099-01-31=[2099-01-31,2099-02-01)", "r9"),
            row("between 2099-01-01 and 2099-01-31",
                    "between 2099-01-01 and 2099-01-31=[2099-01-01,2099-02-01)", "r9 r10 r11"),
            // Date phrases on a date answer
            row("visit before 2099-03-01", "visit:before 2099-03-01=[,2099-03-01)", "r3 r8"),
            row("visit last week", "visit:last week=[2099-03-02,2099-03-09)", "r5"),
            // Choices
            row("color blue", "color=Blue", "r1 r6 r8 r12"),
            row("color is light blue", "color=Light blue", "r3 r10"),
            row("color: green", "color=Green", "r4 r7 r11"),
            row("backup color yellow", "backup=Yellow", "r3 r7"),
            row("toppings cheese", "toppings=Cheese", "r1 r6 r7"),
            row("toppings ham or pineapple", "toppings=Ham|Pineapple", "r1 r2 r4 r9"),
            row("age group senior", "ageGroup=Senior", "r3 r5 r11"),
            row("color red or green", "color=Red|Green", "r2 r4 r5 r7 r9 r11"),
            row("chose blue", "any(color=Blue,backup=Blue)", "r1 r2 r6 r8 r10 r12"),
            row("picked yellow", "backup=Yellow", "r3 r7"),
            row("selected blue cheese", "toppings=Blue cheese", "r3 r7"),
            row("chose red or yellow", "any(color=Red,backup=Red|Yellow)", "r1 r2 r3 r5 r7 r9"),
            // Negation
            row("not blue", "color!=Blue backup!=Blue", "r3 r4 r5 r7 r9 r11"),
            row("not color blue", "color!=Blue", "r2 r3 r4 r5 r7 r9 r10 r11"),
            row("-color:blue", "color!=Blue", "r2 r3 r4 r5 r7 r9 r10 r11"),
            row("no yellow", "backup!=Yellow", "r1 r2 r4 r5 r6 r8 r9 r10 r11 r12"),
            row("without toppings ham", "toppings!=Ham", "r2 r3 r5 r6 r7 r8 r10 r11 r12"),
            row("refund -cold", "words:refund not:cold", "r9"),
            // Free words, ranked
            row("refund", "words:refund", "r9 r5 r2"),
            row("delivery", "words:delivery", "r1 r4 r7 r5 r2"),
            row("the friendly staff", "words:friendly,staff", "r3 r8 r1 r10"),
            row("blue", "words:blue options:color=Blue,backup=Blue", "r12 r10 r6 r8 r1 r2"),
            row("light blue", "words:light,blue options:color=Light blue", "r10 r3 r12"),
            row("senior", "words:senior options:ageGroup=Senior", "r11 r3 r5"),
            row("senior -refund", "words:senior options:ageGroup=Senior not:refund", "r11 r3"),
            row("pizza rating >= 4", "rating>=4 words:pizza", "r6 r3 r7"),
            row("friendly last month", "last month=[2099-02-01,2099-03-01) words:friendly", "r8"),
            row("cold refund color red", "color=Red words:cold,refund", "r5 r2 r9"),
            row("delivery this week -cold", "this week=[2099-03-09,2099-03-16) words:delivery not:cold", "r1 r4"),
            // Combinations and what is not understood
            row("rating >= 4 color blue since 2099-01-01",
                    "rating>=4 color=Blue since 2099-01-01=[2099-01-01,)", "r1 r6"),
            row("rating >= banana", "words:rating,banana", ""),
            row("height over 3", "words:height,over,3", ""),
            row("comment over 3", "words:comment,over,3", ""),
            row("{\"$gt\": \"\"}", "words:gt", ""),
            row("the and of", "", ALL));

    @TestFactory
    Stream<DynamicTest> queryTable() {
        TestUser owner = newUser("Searcher");
        String formId = createPublishedForm(owner, "Pizza feedback", FIELDS);
        Map<String, String> names = new HashMap<>();
        for (Fixture fixture : RESPONSES) {
            String id = submit(formId, null, fixture.answers());
            backdate(id, fixture.submittedAt());
            names.put(id, fixture.name());
        }
        assertThat(TABLE).hasSizeGreaterThanOrEqualTo(40);
        return TABLE.stream().map(row -> DynamicTest.dynamicTest(row.query(), () -> {
            Reply reply = search(owner, formId, row.query(), "&size=20");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.at("/query").asString()).isEqualTo(row.query());
            assertThat(interpretation(reply.at("/interpretation"))).isEqualTo(row.interpretation());
            List<String> expected = row.results().isEmpty() ? List.of() : List.of(row.results().split(" "));
            assertThat(ids(reply).stream().map(names::get).toList()).isEqualTo(expected);
            assertThat(reply.at("/total").asLong()).isEqualTo(expected.size());
            boolean ranked = !reply.at("/interpretation/words").isEmpty();
            for (JsonNode result : reply.at("/results")) {
                assertThat(result.get("score").isNull()).isEqualTo(!ranked);
            }
        }));
    }

    @Test
    void rankedResultsArePagedInScoreOrder() {
        TestUser owner = newUser("Pager");
        String formId = createPublishedForm(owner, "Paging", List.of(field("comment", "Comment", "long_text")));
        for (int i = 1; i <= 7; i++) {
            submit(formId, null, Map.of("comment", "pizza ".repeat(i) + "filler ".repeat(8 - i)));
        }
        Reply all = search(owner, formId, "pizza", "&size=10");
        List<String> best = ids(all);
        assertThat(best).hasSize(7);
        List<Double> scores = all.at("/results").valueStream().map(r -> r.get("score").asDouble()).toList();
        assertThat(scores).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            Reply reply = search(owner, formId, "pizza", "&size=2&page=" + page);
            assertThat(reply.at("/total").asLong()).isEqualTo(7);
            assertThat(reply.at("/page").asInt()).isEqualTo(page);
            assertThat(reply.at("/size").asInt()).isEqualTo(2);
            paged.addAll(ids(reply));
        }
        assertThat(paged).isEqualTo(best);
        assertThat(ids(search(owner, formId, "pizza", "&size=2&page=4"))).isEmpty();
    }

    @Test
    void aRankedPageOfManyCandidatesHoldsWholeResponses() {
        TestUser owner = newUser("Pages");
        String formId = createPublishedForm(owner, "Pages", FIELDS);
        List<String> bestFirst = new ArrayList<>();
        for (int i = 1; i <= RANKED_WINDOW - 1; i++) {
            // Equally long comments: the more "pizza", the better; the newest are submitted last.
            Map<String, Object> answers = Map.of("comment", "pizza ".repeat(i) + "filler ".repeat(RANKED_WINDOW - i),
                    "rating", 1 + i % 5, "color", i % 2 == 0 ? "Red" : "Blue", "toppings", List.of("Ham"));
            bestFirst.add(0, submit(formId, null, answers));
        }
        Reply page = search(owner, formId, "pizza", "&size=3&page=1");
        assertThat(page.at("/total").asLong()).isEqualTo(RANKED_WINDOW - 1);
        assertThat(page.at("/rankedWindow").asInt()).isEqualTo(RANKED_WINDOW - 1);
        assertThat(ids(page)).isEqualTo(bestFirst.subList(3, 6));
        for (JsonNode result : page.at("/results")) {
            assertThat(result.at("/response/answers").propertyNames())
                    .containsExactlyInAnyOrder("comment", "rating", "color", "toppings");
            assertThat(result.at("/response/formId").asString()).isEqualTo(formId);
            assertThat(result.at("/response/submittedAt").isNull()).isFalse();
        }
        assertThat(page.at("/results/0/response/answers/comment").asString()).startsWith("pizza pizza pizza pizza "
                + "pizza pizza filler");
    }

    @Test
    void candidatesAreReadNewestFirstWithOnlyWhatRankingNeeds() {
        TestUser owner = newUser("Projection");
        String formId = createPublishedForm(owner, "Projection", FIELDS);
        String older = submit(formId, null, Map.of("comment", "hot pizza, hot!", "rating", 4, "color", "Red"));
        String newer = submit(formId, null, Map.of("headline", "cold", "rating", 2));
        String legacy = submit(formId, null, Map.of("comment", "hot", "color", "Blue"));
        backdate(legacy, NOW.minusSeconds(60).toString());
        mongo.updateFirst(Query.query(Criteria.where("_id").is(legacy)),
                new Update().unset(FormResponse.WORD_COUNT).unset(FormResponse.TERM_COUNTS), FormResponse.class);
        Criteria all = Criteria.where(FormResponse.FORM_ID).is(formId);

        SearchStore.Candidates read = store.newestCandidates(all, 10, List.of("hot", "cold"));

        assertThat(IntStream.range(0, read.size()).mapToObj(read::id)).containsExactly(newer, older, legacy);
        assertThat(IntStream.range(0, read.size()).mapToObj(read::counted)).containsExactly(true, true, false);
        assertThat(read.wordCounts()).startsWith(1, 3);
        assertThat(read.counts()[0]).containsExactly(0, 2, 0);
        assertThat(read.counts()[1]).containsExactly(1, 0, 0);
        SearchStore.Candidates newest = store.newestCandidates(all, 2, List.of());
        assertThat(IntStream.range(0, newest.size()).mapToObj(newest::id)).containsExactly(newer, older);
        assertThat(store.newestCandidates(Criteria.where(FormResponse.FORM_ID).is("none"), 2, List.of("hot")).size())
                .isZero();
        assertThat(store.newestAnswers(all, 10, List.of("color"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                newer, Map.of(), older, Map.of("color", "Red"), legacy, Map.of("color", "Blue")));
        assertThat(store.answersOf(List.of(legacy), List.of("comment"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                legacy, Map.of("comment", "hot")));
    }

    @Test
    void responsesStoredWithoutWordCountsAreRankedByTheirTexts() {
        TestUser owner = newUser("Legacy");
        String counted = createPublishedForm(owner, "Counted", FIELDS);
        String legacy = createPublishedForm(owner, "Stored before word counts", FIELDS);
        for (Fixture fixture : RESPONSES) {
            submit(counted, null, fixture.answers());
            submit(legacy, null, fixture.answers());
        }
        mongo.updateMulti(Query.query(Criteria.where(FormResponse.FORM_ID).is(legacy)),
                new Update().unset(FormResponse.WORD_COUNT).unset(FormResponse.TERM_COUNTS), FormResponse.class);
        for (String query : List.of("delivery", "refund refund", "blue refund", "light blue", "senior pizza")) {
            List<Double> expected = scores(search(owner, counted, query, "&size=20"));
            assertThat(expected).as(query).isNotEmpty().allSatisfy(score -> assertThat(score).isPositive());
            assertThat(scores(search(owner, legacy, query, "&size=20"))).as(query).isEqualTo(expected);
        }
    }

    @Test
    void documentFrequenciesTakenFromTheCandidatesAreTheStoresCounts() {
        TestUser owner = newUser("Frequencies");
        String formId = createPublishedForm(owner, "Frequencies", FIELDS);
        for (Fixture fixture : RESPONSES) {
            submit(formId, null, fixture.answers());
        }
        mongo.updateFirst(Query.query(Criteria.where(FormResponse.FORM_ID).is(formId)),
                new Update().unset(FormResponse.WORD_COUNT).unset(FormResponse.TERM_COUNTS), FormResponse.class);
        for (String query : List.of("delivery", "refund pizza", "blue refund", "light blue", "senior pizza",
                "cold refund color red")) {
            // Excluding a word no response holds matches the same responses, but has the store count the words.
            List<Double> counted = scores(search(owner, formId, query + " -xylophone", "&size=20"));
            assertThat(counted).as(query).isNotEmpty();
            assertThat(scores(search(owner, formId, query, "&size=20"))).as(query).isEqualTo(counted);
        }
    }

    private static List<Double> scores(Reply reply) {
        return reply.at("/results").valueStream().map(r -> r.at("/score").asDouble()).toList();
    }

    @Test
    void unrankedResultsArePagedNewestFirst() {
        TestUser owner = newUser("Lister");
        String formId = createPublishedForm(owner, "Unranked", List.of(field("rating", "Rating", "rating")));
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = submit(formId, null, Map.of("rating", 5));
            backdate(id, NOW.minusSeconds(60L * (5 - i)).toString());
            newestFirst.add(0, id);
        }
        Reply first = search(owner, formId, "5 stars", "&size=3");
        assertThat(ids(first)).isEqualTo(newestFirst.subList(0, 3));
        assertThat(first.at("/total").asLong()).isEqualTo(5);
        assertThat(first.at("/rankedWindow").isNull()).isTrue();
        assertThat(ids(search(owner, formId, "5 stars", "&size=3&page=1"))).isEqualTo(newestFirst.subList(3, 5));
    }

    @Test
    void onlyTheNewestMatchesWithinTheWindowAreRanked() {
        TestUser owner = newUser("Window");
        String formId = createPublishedForm(owner, "Window", List.of(field("comment", "Comment", "long_text")));
        List<String> oldestFirst = new ArrayList<>();
        for (int i = 0; i < RANKED_WINDOW + 2; i++) {
            // The oldest responses repeat the word most, so they would rank first if they were ranked at all.
            String id = submit(formId, null, Map.of("comment", "pizza ".repeat(RANKED_WINDOW + 2 - i)));
            backdate(id, NOW.minusSeconds(60L * (RANKED_WINDOW + 2 - i)).toString());
            oldestFirst.add(id);
        }
        Reply reply = search(owner, formId, "pizza", "&size=100");
        assertThat(reply.at("/total").asLong()).isEqualTo(RANKED_WINDOW + 2);
        assertThat(reply.at("/rankedWindow").asInt()).isEqualTo(RANKED_WINDOW);
        assertThat(reply.at("/truncated").asBoolean()).isTrue();
        assertThat(ids(reply)).hasSize(RANKED_WINDOW).doesNotContain(oldestFirst.get(0), oldestFirst.get(1))
                .first().isEqualTo(oldestFirst.get(2));

        Reply unranked = search(owner, formId, "today", "&size=100");
        assertThat(unranked.at("/total").asLong()).isEqualTo(RANKED_WINDOW + 2);
        assertThat(ids(unranked)).hasSize(RANKED_WINDOW + 2);
        assertThat(unranked.at("/truncated").asBoolean()).isFalse();
    }

    @Test
    void theInterpretationNamesFieldsLabelsAndInstants() {
        TestUser owner = newUser("Reader");
        String formId = createPublishedForm(owner, "Shape", FIELDS);
        String id = submit(formId, null, Map.of("rating", 5, "color", "Blue", "comment", "Lovely pizza"));
        Reply reply = search(owner, formId, "Lovely rating at least 4 color BLUE last 7 days -cold", "");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().propertyNames()).containsExactly("query", "interpretation", "total", "page", "size",
                "rankedWindow", "truncated", "results");
        assertThat(reply.at("/interpretation").propertyNames()).containsExactly("filters", "words",
                "namedOptions", "excludedWords");
        assertThat(reply.at("/interpretation/namedOptions").toString()).isEqualTo("[]");
        JsonNode filters = reply.at("/interpretation/filters");
        assertThat(filters.get(0).toString())
                .isEqualTo("{\"kind\":\"numeric\",\"field\":\"rating\",\"label\":\"Rating\",\"op\":\">=\",\"value\":4}");
        assertThat(filters.get(1).toString()).isEqualTo("{\"kind\":\"choice\",\"field\":\"color\",\"label\":\"Color\","
                + "\"options\":[\"Blue\"],\"negated\":false}");
        assertThat(filters.get(2).toString()).isEqualTo("{\"kind\":\"date\",\"phrase\":\"last 7 days\","
                + "\"from\":\"2099-03-05T00:00:00Z\",\"to\":\"2099-03-12T00:00:00Z\"}");
        assertThat(reply.at("/interpretation/words").toString()).isEqualTo("[\"lovely\"]");
        assertThat(reply.at("/interpretation/excludedWords").toString()).isEqualTo("[\"cold\"]");
        assertThat(reply.at("/results/0/response/id").asString()).isEqualTo(id);
        assertThat(reply.at("/results/0/response/answers/comment").asString()).isEqualTo("Lovely pizza");
        assertThat(reply.at("/results/0/score").asDouble()).isPositive();
        assertThat(reply.at("/rankedWindow").asInt()).isEqualTo(1);
        assertThat(reply.at("/truncated").asBoolean()).isFalse();
    }

    @Test
    void documentFrequenciesAreCountedInTheStore() {
        TestUser owner = newUser("Counter");
        String formId = createPublishedForm(owner, "Counting", FIELDS);
        submit(formId, null, Map.of("comment", "cold cold pizza", "headline", "pizza"));
        submit(formId, null, Map.of("comment", "cold soup", "color", "Red"));
        submit(formId, null, Map.of("comment", "warm pizza", "color", "Red"));
        Criteria all = Criteria.where(FormResponse.FORM_ID).is(formId);
        assertThat(store.documentFrequencies(all, List.of("cold", "pizza", "none")))
                .isEqualTo(Map.of("cold", 2L, "pizza", 2L));
        Criteria red = new Criteria().andOperator(all, Criteria.where("answers.color").is("Red"));
        assertThat(store.documentFrequencies(red, List.of("cold", "pizza"))).isEqualTo(Map.of("cold", 1L, "pizza", 1L));
    }

    @Test
    void aNamedOptionChosenByManyWeighsLikeACommonWord() {
        TestUser owner = newUser("Weights");
        String formId = createPublishedForm(owner, "Weights", FIELDS);
        for (int i = 0; i < 4; i++) {
            submit(formId, null, Map.of("color", "Blue", "comment", "nice"));
        }
        String rare = submit(formId, null, Map.of("color", "Red", "comment", "refund"));
        Reply reply = search(owner, formId, "blue refund", "");
        assertThat(interpretation(reply.at("/interpretation")))
                .isEqualTo("words:blue,refund options:color=Blue,backup=Blue");
        assertThat(reply.at("/total").asLong()).isEqualTo(5);
        assertThat(ids(reply).get(0)).isEqualTo(rare);
        assertThat(reply.at("/results/0/score").asDouble()).isGreaterThan(reply.at("/results/1/score").asDouble());
    }

    @Test
    void fieldIdsAreUsedAsTheyAre() {
        TestUser owner = newUser("Ids");
        String formId = createPublishedForm(owner, "Ids", List.of(field("id", "Size", "number"),
                field("class", "Kind", "single_choice", "options", List.of("A", "B"))));
        String big = submit(formId, null, Map.of("id", 10, "class", "A"));
        submit(formId, null, Map.of("id", 1, "class", "B"));
        assertThat(ids(search(owner, formId, "size over 5", ""))).containsExactly(big);
        assertThat(ids(search(owner, formId, "kind a", ""))).containsExactly(big);
    }

    /**
     * Each option here has the words "a b" like {@code a, b} has; the results of "color a b" (that option) must
     * never be served for "color a or b" (the options a and b), whatever the option's punctuation.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "a, b", "[a, b]", "\"a\", \"b\"", "a: b", "a\\b", "a\\, b]" })
    void queriesWhoseOptionsReadAlikeAreCachedApart(String option) {
        TestUser owner = newUser("Keys");
        String formId = createPublishedForm(owner, "Keys",
                List.of(field("color", "Color", "single_choice", "options", List.of("a", "b", option))));
        String chosePlain = submit(formId, null, Map.of("color", "a"));
        String choseOption = submit(formId, null, Map.of("color", option));

        Reply named = search(owner, formId, "color a b", "");
        assertThat(interpretation(named.at("/interpretation"))).isEqualTo("color=" + option);
        assertThat(ids(named)).containsExactly(choseOption);
        Reply either = search(owner, formId, "color a or b", "");
        assertThat(interpretation(either.at("/interpretation"))).isEqualTo("color=a|b");
        assertThat(either.at("/total").asLong()).isEqualTo(1);
        assertThat(ids(either)).containsExactly(chosePlain);
    }

    @Test
    void theQueryIsRequiredAndBounded() {
        TestUser owner = newUser("Bounds");
        String formId = createPublishedForm(owner, "Bounds", FIELDS);
        for (String bad : new String[] { "", "%20%20", "x".repeat(301) }) {
            Reply reply = api.get("/api/v1/forms/" + formId + "/search?q=" + bad, owner.token());
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.at("/field").asString()).isEqualTo("q");
        }
        Reply missing = api.get("/api/v1/forms/" + formId + "/search", owner.token());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.at("/field").asString()).isEqualTo("q");
        assertThat(search(owner, formId, "x".repeat(300), "").status()).isEqualTo(200);
        assertThat(search(owner, formId, "pizza", "&size=101").at("/field").asString()).isEqualTo("size");
    }

    @Test
    void membersMaySearchOthersMayNot() {
        TestUser owner = newUser("Owner");
        TestUser viewer = newUser("Viewer");
        TestUser stranger = newUser("Stranger");
        String formId = createPublishedForm(owner, "Private", FIELDS);
        submit(formId, null, Map.of("comment", "secret pizza"));
        share(owner, formId, viewer, "viewer");

        Reply seen = search(viewer, formId, "pizza", "");
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.at("/total").asLong()).isEqualTo(1);
        assertThat(search(stranger, formId, "pizza", "").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/forms/" + formId + "/search?q=pizza", null).status()).isEqualTo(401);
        assertThat(search(owner, "0123456789abcdef01234567", "pizza", "").status()).isEqualTo(404);
        assertThat(search(owner, "not-an-id", "pizza", "").status()).isEqualTo(404);
    }

    private Reply search(TestUser user, String formId, String query, String extra) {
        return api.get("/api/v1/forms/" + formId + "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + extra, user.token());
    }

    private void backdate(String responseId, String submittedAt) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(responseId)),
                Update.update(FormResponse.SUBMITTED_AT, Instant.parse(submittedAt)), FormResponse.class);
    }

    private static List<String> ids(Reply reply) {
        return reply.at("/results").valueStream().map(r -> r.at("/response/id").asString()).toList();
    }

    /**
     * The interpretation in short: "rating>=4", "color=Red|Green", "color!=Blue", "any(a,b)",
     * "last 7 days=[from,to)" (visit:... on a date answer), then "words:a,b", "options:color=Blue,..." and
     * "not:c".
     */
    private static String interpretation(JsonNode interpretation) {
        List<String> parts = new ArrayList<>();
        for (JsonNode filter : interpretation.get("filters")) {
            parts.add(filter(filter));
        }
        if (!interpretation.get("words").isEmpty()) {
            parts.add("words:" + join(interpretation.get("words"), ","));
        }
        if (!interpretation.get("namedOptions").isEmpty()) {
            parts.add("options:" + interpretation.get("namedOptions").valueStream().map(SearchApiTest::filter)
                    .collect(Collectors.joining(",")));
        }
        if (!interpretation.get("excludedWords").isEmpty()) {
            parts.add("not:" + join(interpretation.get("excludedWords"), ","));
        }
        return String.join(" ", parts);
    }

    private static String filter(JsonNode filter) {
        return switch (filter.get("kind").asString()) {
            case "numeric" -> filter.get("field").asString() + filter.get("op").asString()
                    + filter.get("value").toString();
            case "choice" -> filter.get("field").asString() + (filter.get("negated").asBoolean() ? "!=" : "=")
                    + join(filter.get("options"), "|");
            case "anyOf" -> "any(" + filter.get("filters").valueStream().map(SearchApiTest::filter)
                    .collect(Collectors.joining(",")) + ")";
            case "date" -> (filter.has("field") ? filter.get("field").asString() + ":" : "")
                    + filter.get("phrase").asString() + "=[" + day(filter, "from") + "," + day(filter, "to") + ")";
            default -> throw new AssertionError("unknown filter " + filter);
        };
    }

    private static String day(JsonNode filter, String end) {
        return filter.has(end) ? filter.get(end).asString().substring(0, 10) : "";
    }

    private static String join(JsonNode array, String separator) {
        return array.valueStream().map(JsonNode::asString).collect(Collectors.joining(separator));
    }
}
