package io.formsapi.search;

import static io.formsapi.search.Comparison.AT_LEAST;
import static io.formsapi.search.Comparison.AT_MOST;
import static io.formsapi.search.Comparison.EQUAL;
import static io.formsapi.search.Comparison.GREATER;
import static io.formsapi.search.Comparison.LESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;

class QueryParserTest {

    /** A Wednesday: this week started on Monday 2099-03-09. */
    private static final Instant NOW = Instant.parse("2099-03-11T12:00:00Z");

    private static final List<Field> FIELDS = List.of(
            new Field("rating", "Rating", FieldType.RATING, true, 1.0, 5.0, null),
            new Field("age", "Age", FieldType.NUMBER, false, null, null, null),
            new Field("score", "Score", FieldType.NUMBER, false, null, null, null),
            new Field("color", "Color", FieldType.SINGLE_CHOICE, false, null, null,
                    List.of("Red", "Blue", "Green", "Light blue")),
            new Field("backup", "Backup color", FieldType.SINGLE_CHOICE, false, null, null,
                    List.of("Red", "Blue", "Yellow")),
            new Field("toppings", "Toppings", FieldType.MULTI_CHOICE, false, null, null,
                    List.of("Cheese", "Ham", "Pineapple", "Blue cheese")),
            new Field("ageGroup", "Age group", FieldType.SINGLE_CHOICE, false, null, null,
                    List.of("Young", "Senior")),
            new Field("comment", "Comment", FieldType.LONG_TEXT, false, null, null, null),
            new Field("visit", "Visit", FieldType.DATE, false, null, null, null),
            new Field("email", "Email", FieldType.EMAIL, false, null, null, null));

    private final QueryParser parser = new QueryParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private ParsedQuery parse(String query) {
        return parser.parse(query, FIELDS);
    }

    private static NumericFilter rating(Comparison op, Number value) {
        return new NumericFilter("rating", "Rating", op, value);
    }

    private static ChoiceFilter color(boolean negated, String... options) {
        return new ChoiceFilter("color", "Color", List.of(options), negated);
    }

    private static ChoiceFilter backup(boolean negated, String... options) {
        return new ChoiceFilter("backup", "Backup color", List.of(options), negated);
    }

    private static DateFilter submitted(String phrase, String from, String to) {
        return new DateFilter(null, null, phrase, from == null ? null : Instant.parse(from + "T00:00:00Z"),
                to == null ? null : Instant.parse(to + "T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rating >= 4          | AT_LEAST | 4
            rating>=4            | AT_LEAST | 4
            rating > 3           | GREATER  | 3
            rating <= 2          | AT_MOST  | 2
            rating < 2           | LESS     | 2
            rating = 5           | EQUAL    | 5
            rating == 5          | EQUAL    | 5
            rating 5             | EQUAL    | 5
            Rating: 5            | EQUAL    | 5
            rating is 5          | EQUAL    | 5
            RATING at least 4    | AT_LEAST | 4
            rating at most 2     | AT_MOST  | 2
            rating is over 3     | GREATER  | 3
            rating above 3       | GREATER  | 3
            rating more than 3   | GREATER  | 3
            rating greater than 3| GREATER  | 3
            rating below 3       | LESS     | 3
            rating under 3       | LESS     | 3
            rating less than 3   | LESS     | 3
            rating at least 4 stars | AT_LEAST | 4
            5 stars              | EQUAL    | 5
            1 star               | EQUAL    | 1
            4+ stars             | AT_LEAST | 4
            at least 4 stars     | AT_LEAST | 4
            at most 2 stars      | AT_MOST  | 2
            """)
    void ratingComparisons(String query, Comparison op, int value) {
        ParsedQuery parsed = parse(query);
        assertThat(parsed.filters()).containsExactly(rating(op, value));
        assertThat(parsed.words()).isEmpty();
    }

    @Test
    void numbersKeepTheirValueAndSign() {
        assertThat(parse("score below -2.5").filters())
                .containsExactly(new NumericFilter("score", "Score", LESS, -2.5));
        assertThat(parse("score 4.0").filters()).containsExactly(new NumericFilter("score", "Score", EQUAL, 4));
        assertThat(parse("age over 30").filters()).containsExactly(new NumericFilter("age", "Age", GREATER, 30));
    }

    @Test
    void betweenIncludesBothEndsInEitherOrder() {
        List<Filter> expected = List.of(new NumericFilter("age", "Age", AT_LEAST, 20),
                new NumericFilter("age", "Age", AT_MOST, 30));
        assertThat(parse("age between 20 and 30").filters()).isEqualTo(expected);
        assertThat(parse("age between 30 and 20").filters()).isEqualTo(expected);
    }

    @Test
    void theLongestLabelWins() {
        assertThat(parse("age group senior").filters())
                .containsExactly(new ChoiceFilter("ageGroup", "Age group", List.of("Senior"), false));
        assertThat(parse("backup color red").filters()).containsExactly(backup(false, "Red"));
        assertThat(parse("age 30").filters()).containsExactly(new NumericFilter("age", "Age", EQUAL, 30));
    }

    @Test
    void labelsAreMatchedWordByWordIgnoringPunctuation() {
        List<Field> fields = List.of(new Field("years", "Age (years)", FieldType.NUMBER, false, null, null, null));
        assertThat(parser.parse("AGE YEARS over 3", fields).filters())
                .containsExactly(new NumericFilter("years", "Age (years)", GREATER, 3));
    }

    @Test
    void starsNeedExactlyOneRatingField() {
        List<Field> twoRatings = List.of(new Field("food", "Food", FieldType.RATING, false, 1.0, 5.0, null),
                new Field("service", "Service", FieldType.RATING, false, 1.0, 5.0, null));
        ParsedQuery parsed = parser.parse("5 stars", twoRatings);
        assertThat(parsed.filters()).isEmpty();
        assertThat(parsed.words()).containsExactly("5", "stars");
        assertThat(parser.parse("food 5 stars", twoRatings).filters())
                .containsExactly(new NumericFilter("food", "Food", EQUAL, 5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            today                               | 2099-03-11 | 2099-03-12
            yesterday                           | 2099-03-10 | 2099-03-11
            last 7 days                         | 2099-03-05 | 2099-03-12
            past 30 days                        | 2099-02-10 | 2099-03-12
            last 1 day                          | 2099-03-11 | 2099-03-12
            this week                           | 2099-03-09 | 2099-03-16
            last week                           | 2099-03-02 | 2099-03-09
            this month                          | 2099-03-01 | 2099-04-01
            last month                          | 2099-02-01 | 2099-03-01
            since 2099-01-01                    | 2099-01-01 |
            after 2099-01-01                    | 2099-01-02 |
            before 2099-02-01                   |            | 2099-02-01
            on 2099-01-15                       | 2099-01-15 | 2099-01-16
            between 2099-01-01 and 2099-01-31   | 2099-01-01 | 2099-02-01
            between 2099-01-31 and 2099-01-01   | 2099-01-01 | 2099-02-01
            """)
    void datePhrasesAreHalfOpenUtcDays(String phrase, String from, String to) {
        ParsedQuery parsed = parse(phrase);
        assertThat(parsed.filters()).containsExactly(submitted(phrase, from, to));
        assertThat(parsed.words()).isEmpty();
    }

    @Test
    void aDateFieldLabelMovesTheDatePhraseToTheAnswer() {
        assertThat(parse("visit before 2099-02-01").filters()).containsExactly(new DateFilter("visit", "Visit",
                "before 2099-02-01", null, Instant.parse("2099-02-01T00:00:00Z")));
        assertThat(parse("visit 2099-03-10").filters()).containsExactly(new DateFilter("visit", "Visit",
                "2099-03-10", Instant.parse("2099-03-10T00:00:00Z"), Instant.parse("2099-03-11T00:00:00Z")));
    }

    @Test
    void choicesByLabel() {
        assertThat(parse("color blue").filters()).containsExactly(color(false, "Blue"));
        assertThat(parse("Color is BLUE").filters()).containsExactly(color(false, "Blue"));
        assertThat(parse("color: blue").filters()).containsExactly(color(false, "Blue"));
        assertThat(parse("color light blue").filters()).containsExactly(color(false, "Light blue"));
        assertThat(parse("color red or green").filters()).containsExactly(color(false, "Red", "Green"));
        assertThat(parse("toppings ham").filters())
                .containsExactly(new ChoiceFilter("toppings", "Toppings", List.of("Ham"), false));
    }

    @Test
    void aChosenOptionMayBeInAnyFieldThatHasIt() {
        assertThat(parse("chose blue").filters())
                .containsExactly(new AnyOfFilter(List.of(color(false, "Blue"), backup(false, "Blue"))));
        assertThat(parse("picked yellow").filters()).containsExactly(backup(false, "Yellow"));
        assertThat(parse("selected blue cheese").filters())
                .containsExactly(new ChoiceFilter("toppings", "Toppings", List.of("Blue cheese"), false));
        assertThat(parse("chosen green or yellow").filters())
                .containsExactly(new AnyOfFilter(List.of(color(false, "Green"), backup(false, "Yellow"))));
    }

    @Test
    void aBareOptionIsAFreeWordThatAlsoNamesTheOptionInEveryFieldThatHasIt() {
        ParsedQuery parsed = parse("blue");
        assertThat(parsed.filters()).isEmpty();
        assertThat(parsed.words()).containsExactly("blue");
        assertThat(parsed.namedOptions()).containsExactly(color(false, "Blue"), backup(false, "Blue"));
    }

    @Test
    void theLongestBareOptionIsNamedAndItsWordsAreFreeWords() {
        ParsedQuery light = parse("Light Blue");
        assertThat(light.words()).containsExactly("light", "blue");
        assertThat(light.namedOptions()).containsExactly(color(false, "Light blue"));
        ParsedQuery cheese = parse("pizza blue cheese or ham");
        assertThat(cheese.words()).containsExactly("pizza", "blue", "cheese", "ham");
        assertThat(cheese.namedOptions()).containsExactly(
                new ChoiceFilter("toppings", "Toppings", List.of("Blue cheese"), false),
                new ChoiceFilter("toppings", "Toppings", List.of("Ham"), false));
        assertThat(cheese.filters()).isEmpty();
    }

    @Test
    void optionsNamedByALabelAVerbOrANegationAreNotNamedOptions() {
        for (String query : List.of("color blue", "chose blue", "not blue", "-blue", "no color blue")) {
            assertThat(parse(query).namedOptions()).as(query).isEmpty();
            assertThat(parse(query).words()).as(query).isEmpty();
        }
    }

    @Test
    void anOptionOfOnlyStopWordsStaysStopWords() {
        List<Field> fields = List.of(new Field("answer", "Answer", FieldType.SINGLE_CHOICE, false, null, null,
                List.of("It", "Yes")));
        ParsedQuery parsed = parser.parse("it", fields);
        assertThat(parsed.words()).isEmpty();
        assertThat(parsed.namedOptions()).isEmpty();
        assertThat(parser.parse("yes", fields).namedOptions())
                .containsExactly(new ChoiceFilter("answer", "Answer", List.of("Yes"), false));
    }

    @Test
    void negatedChoicesExcludeTheOptionFromEveryFieldThatHasIt() {
        assertThat(parse("not blue").filters()).containsExactly(color(true, "Blue"), backup(true, "Blue"));
        assertThat(parse("-blue").filters()).containsExactly(color(true, "Blue"), backup(true, "Blue"));
        assertThat(parse("no yellow").filters()).containsExactly(backup(true, "Yellow"));
        assertThat(parse("not color blue").filters()).containsExactly(color(true, "Blue"));
        assertThat(parse("-color:blue").filters()).containsExactly(color(true, "Blue"));
        assertThat(parse("without chosen red or green").filters())
                .containsExactly(color(true, "Red", "Green"), backup(true, "Red"));
    }

    @Test
    void otherNegatedWordsAreExcluded() {
        ParsedQuery parsed = parse("pizza -refund without the delay not great");
        assertThat(parsed.words()).containsExactly("pizza");
        assertThat(parsed.excludedWords()).containsExactly("refund", "delay", "great");
        assertThat(parsed.filters()).isEmpty();
    }

    @Test
    void aNegatingWordSkipsStopWordsButAMinusOnlyAppliesToItsOwnWord() {
        assertThat(parse("not the blue").filters()).containsExactly(color(true, "Blue"), backup(true, "Blue"));
        ParsedQuery parsed = parse("-the pizza");
        assertThat(parsed.words()).containsExactly("pizza");
        assertThat(parsed.excludedWords()).isEmpty();
    }

    @Test
    void aHyphenInsideAWordDoesNotNegate() {
        ParsedQuery parsed = parse("e-mail");
        assertThat(parsed.words()).containsExactly("e", "mail");
        assertThat(parsed.excludedWords()).isEmpty();
    }

    @Test
    void aDanglingNegationIsAWord() {
        assertThat(parse("good or not").words()).containsExactly("good", "not");
    }

    @Test
    void stopWordsAreDroppedAndWordsAreTokenisedLikeAnswers() {
        ParsedQuery parsed = parse("The delivery WAS late, and the pizza's crust... delivery!");
        assertThat(parsed.words()).containsExactly("delivery", "late", "pizza", "s", "crust");
        assertThat(parse("x".repeat(50)).words()).containsExactly("x".repeat(40));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rating >= banana      | rating banana
            height over 3         | height over 3
            comment over 3        | comment over 3
            email is blue         | email blue
            color purple          | color purple
            last 0 days           | last 0 days
            on 2099-02-30         | 2099 02 30
            score 1234567890123456 | score 1234567890123456
            3.5                   | 3 5
            '{"$gt": ""}'         | gt
            '$where: sleep(1)'    | where sleep 1
            """)
    void whateverIsNotUnderstoodIsFreeWords(String query, String words) {
        ParsedQuery parsed = parse(query);
        assertThat(parsed.filters()).isEmpty();
        assertThat(parsed.words()).containsExactly(words.split(" "));
    }

    @Test
    void partsCombineAndRepeatsCollapse() {
        ParsedQuery parsed = parse("friendly staff rating >= 4 last 7 days color blue -refund friendly");
        assertThat(parsed.filters()).containsExactly(rating(AT_LEAST, 4),
                submitted("last 7 days", "2099-03-05", "2099-03-12"), color(false, "Blue"));
        assertThat(parsed.words()).containsExactly("friendly", "staff");
        assertThat(parsed.excludedWords()).containsExactly("refund");
    }

    @Test
    void aFormWithTwentyThousandOptionsParsesAMaximalQuery() {
        List<Field> large = IntStream.range(0, 200).mapToObj(f -> new Field("f" + f, "Field " + f,
                FieldType.MULTI_CHOICE, false, null, null,
                IntStream.range(0, 100).mapToObj(o -> "option " + o).toList())).toList();
        String query = "not option 7 -field 3 option 9 chose option 1 ".repeat(10).substring(0, 300);
        ParsedQuery parsed = parser.parse(query, large);
        assertThat(parsed.filters()).hasSizeGreaterThan(200);
    }

    @Test
    void equalQueriesParseToEqualValues() {
        assertThat(parse("Rating >= 4  Friendly")).isEqualTo(parse("rating>=4 friendly"));
    }
}
