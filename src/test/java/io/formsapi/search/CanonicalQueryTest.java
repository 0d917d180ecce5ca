package io.formsapi.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CanonicalQueryTest {

    private static final List<String> TRICKY = List.of("a", "b", "a, b", "[a, b]", "a], [b", "\"a\", \"b\"", "a: b",
            "1:a", "a\\", "a\\, b", "", "-", "2[", "]");

    private static ParsedQuery choosing(List<String> options) {
        return new ParsedQuery(List.of(new ChoiceFilter("color", "Color", options, false)), List.of(), List.of(),
                List.of());
    }

    @Test
    void optionsThatReadAlikeInToStringStayApart() {
        ParsedQuery two = choosing(List.of("a", "b"));
        ParsedQuery one = choosing(List.of("a, b"));
        assertThat(two.toString()).isEqualTo(one.toString());
        assertThat(CanonicalQuery.of(two)).isNotEqualTo(CanonicalQuery.of(one));
    }

    @Test
    void everyDifferentListOfTrickyOptionsHasItsOwnText() {
        Map<String, ParsedQuery> seen = new HashMap<>();
        for (List<String> options : listsOfOneOrTwo(TRICKY)) {
            ChoiceFilter named = new ChoiceFilter("color", "Color", options, false);
            for (ParsedQuery query : List.of(choosing(options),
                    new ParsedQuery(List.of(), options, List.of(), List.of()),
                    new ParsedQuery(List.of(), List.of(), List.of(named), List.of()),
                    new ParsedQuery(List.of(), List.of(), List.of(), options))) {
                ParsedQuery earlier = seen.put(CanonicalQuery.of(query), query);
                assertThat(earlier).as("same text as %s", query).isNull();
            }
        }
        assertThat(seen).hasSize(4 * (TRICKY.size() + TRICKY.size() * TRICKY.size()));
    }

    @Test
    void filtersOfEveryKindAreTellingApart() {
        List<Filter> filters = List.of(
                new NumericFilter("age", "Age", Comparison.AT_LEAST, 4),
                new NumericFilter("age", "Age", Comparison.AT_LEAST, 4.5),
                new NumericFilter("age", "Age", Comparison.AT_MOST, 4),
                new NumericFilter("score", "Age", Comparison.AT_LEAST, 4),
                new DateFilter(null, null, "today", Instant.parse("2099-03-11T00:00:00Z"), null),
                new DateFilter(null, null, "today", null, Instant.parse("2099-03-11T00:00:00Z")),
                new DateFilter("visit", "Visit", "today", Instant.parse("2099-03-11T00:00:00Z"), null),
                new ChoiceFilter("color", "Color", List.of("a"), false),
                new ChoiceFilter("color", "Color", List.of("a"), true),
                new AnyOfFilter(List.of(new ChoiceFilter("color", "Color", List.of("a"), false))),
                new AnyOfFilter(List.of(new ChoiceFilter("color", "Color", List.of("a"), false),
                        new ChoiceFilter("backup", "Backup", List.of("a"), false))));
        List<String> texts = filters.stream()
                .map(f -> CanonicalQuery.of(new ParsedQuery(List.of(f), List.of(), List.of(), List.of()))).toList();
        assertThat(texts).doesNotHaveDuplicates();
    }

    @Test
    void onlyWhatSelectsCountsNotLabelsOrPhrases() {
        Instant from = Instant.parse("2099-03-05T00:00:00Z");
        ParsedQuery last = new ParsedQuery(List.of(new DateFilter(null, null, "last 7 days", from, null),
                new ChoiceFilter("color", "Color", List.of("Blue"), false)), List.of("pizza"), List.of(),
                List.of("cold"));
        ParsedQuery past = new ParsedQuery(List.of(new DateFilter(null, null, "past 7 days", from, null),
                new ChoiceFilter("color", "Colour", List.of("Blue"), false)), List.of("pizza"), List.of(),
                List.of("cold"));
        assertThat(CanonicalQuery.of(last)).isEqualTo(CanonicalQuery.of(past));
    }

    private static List<List<String>> listsOfOneOrTwo(List<String> items) {
        List<List<String>> lists = new ArrayList<>();
        for (String first : items) {
            lists.add(List.of(first));
            for (String second : items) {
                lists.add(List.of(first, second));
            }
        }
        return lists;
    }
}
