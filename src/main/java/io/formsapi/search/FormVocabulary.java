package io.formsapi.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;
import io.formsapi.responses.TextTerms;
import io.formsapi.search.QueryTokens.Match;

/**
 * The labels and options of one form as word sequences, so that a query names them whatever their case or
 * punctuation ("Age (years)" is named by "age years"). Looked up by their exact words: a form may have thousands
 * of options, and every position of a query is tried.
 */
final class FormVocabulary {

    private record Phrase(List<String> words, Field field, String text) {
    }

    private final Map<List<String>, List<Phrase>> labels;
    private final Map<List<String>, List<Phrase>> options;
    private final int longestLabel;
    private final int longestOption;
    private final List<Field> choiceFields;
    private final List<Field> ratingFields;

    FormVocabulary(List<Field> fields) {
        this.choiceFields = fields.stream().filter(f -> f.type().isChoice()).toList();
        this.ratingFields = fields.stream().filter(f -> f.type() == FieldType.RATING).toList();
        this.labels = byWords(fields.stream().map(f -> phrase(f.label(), f)));
        this.options = byWords(choiceFields.stream().flatMap(f -> f.options().stream().map(o -> phrase(o, f))));
        this.longestLabel = longest(labels);
        this.longestOption = longest(options);
    }

    List<Field> choiceFields() {
        return choiceFields;
    }

    /** The form's rating field when it has exactly one, which is what "4 stars" can only refer to; else null. */
    Field onlyRatingField() {
        return ratingFields.size() == 1 ? ratingFields.get(0) : null;
    }

    /** Every field whose label starts at {@code i}, the longest label first. */
    List<Match<Field>> labelsAt(QueryTokens tokens, int i) {
        List<String> words = tokens.wordsFrom(i, longestLabel);
        List<Match<Field>> found = new ArrayList<>();
        for (int length = words.size(); length > 0; length--) {
            for (Phrase label : labels.getOrDefault(words.subList(0, length), List.of())) {
                found.add(new Match<>(label.field(), i + length));
            }
        }
        return found;
    }

    /**
     * The longest option of one of {@code fields} starting at {@code i}, with every field that has it, or null.
     * Each field maps to its own spelling of the option.
     */
    Match<Map<Field, Set<String>>> optionAt(QueryTokens tokens, int i, List<Field> fields) {
        List<String> words = tokens.wordsFrom(i, longestOption);
        for (int length = words.size(); length > 0; length--) {
            Map<Field, Set<String>> found = new LinkedHashMap<>();
            for (Phrase option : options.getOrDefault(words.subList(0, length), List.of())) {
                if (fields.contains(option.field())) {
                    found.computeIfAbsent(option.field(), f -> new LinkedHashSet<>()).add(option.text());
                }
            }
            if (!found.isEmpty()) {
                return new Match<>(found, i + length);
            }
        }
        return null;
    }

    private static Phrase phrase(String text, Field field) {
        return new Phrase(TextTerms.tokens(text), field, text);
    }

    /** Phrases without any word can never be named, so they are left out. */
    private static Map<List<String>, List<Phrase>> byWords(Stream<Phrase> phrases) {
        return phrases.filter(p -> !p.words().isEmpty()).collect(Collectors.groupingBy(Phrase::words));
    }

    private static int longest(Map<List<String>, List<Phrase>> phrases) {
        return phrases.keySet().stream().mapToInt(List::size).max().orElse(0);
    }
}
