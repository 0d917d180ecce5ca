package io.formsapi.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;
import io.formsapi.responses.TextTerms;
import io.formsapi.search.QueryTokens.Match;

/**
 * The labels and options of one form as word sequences, so that a query names them whatever their case or
 * punctuation ("Age (years)" is named by "age years").
 */
final class FormVocabulary {

    private record Phrase(List<String> words, Field field, String text) {
    }

    private final List<Phrase> labels;
    private final List<Phrase> options;
    private final List<Field> choiceFields;
    private final List<Field> ratingFields;

    FormVocabulary(List<Field> fields) {
        this.labels = longestFirst(fields.stream().map(f -> phrase(f.label(), f)).toList());
        this.choiceFields = fields.stream().filter(f -> f.type().isChoice()).toList();
        this.options = longestFirst(choiceFields.stream()
                .flatMap(f -> f.options().stream().map(o -> phrase(o, f))).toList());
        this.ratingFields = fields.stream().filter(f -> f.type() == FieldType.RATING).toList();
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
        List<Match<Field>> found = new ArrayList<>();
        for (Phrase label : labels) {
            if (tokens.areWords(i, label.words())) {
                found.add(new Match<>(label.field(), i + label.words().size()));
            }
        }
        return found;
    }

    /**
     * The longest option of one of {@code fields} starting at {@code i}, with every field that has it, or null.
     * Each field maps to its own spelling of the option.
     */
    Match<Map<Field, Set<String>>> optionAt(QueryTokens tokens, int i, List<Field> fields) {
        Map<Field, Set<String>> found = new LinkedHashMap<>();
        int length = 0;
        for (Phrase option : options) {
            if (option.words().size() < length) {
                break;
            }
            if (fields.contains(option.field()) && tokens.areWords(i, option.words())) {
                length = option.words().size();
                found.computeIfAbsent(option.field(), f -> new LinkedHashSet<>()).add(option.text());
            }
        }
        return found.isEmpty() ? null : new Match<>(found, i + length);
    }

    private static Phrase phrase(String text, Field field) {
        return new Phrase(TextTerms.tokens(text), field, text);
    }

    /** Phrases without any word can never be named, so they are left out. */
    private static List<Phrase> longestFirst(List<Phrase> phrases) {
        return phrases.stream().filter(p -> !p.words().isEmpty())
                .sorted(Comparator.comparingInt((Phrase p) -> p.words().size()).reversed()).toList();
    }
}
