package io.formsapi.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.formsapi.forms.Field;
import io.formsapi.forms.Form;
import io.formsapi.responses.TextTerms;

/**
 * What BM25 reads of a response for one query: the words of its text answers and of the named options it chose,
 * as if those options were part of its texts.
 */
final class RankedTexts {

    private final List<String> textFields;
    private final ParsedQuery query;
    private final Set<String> words;

    RankedTexts(Form form, ParsedQuery query) {
        this.textFields = form.fields().stream().filter(f -> f.type().isText()).map(Field::id).toList();
        this.query = query;
        this.words = Set.copyOf(query.words());
    }

    /** The only answers ranking reads. */
    Set<String> answersRead() {
        Set<String> fields = new LinkedHashSet<>(textFields);
        query.namedOptions().forEach(option -> fields.add(option.field()));
        return fields;
    }

    /** @param answers at least the answers to {@link #answersRead()}; null when the response has none of them */
    Bm25.Text of(Map<String, Object> answers) {
        Map<String, Object> read = answers == null ? Map.of() : answers;
        Stream<String> texts = textFields.stream().map(read::get).filter(String.class::isInstance)
                .map(String.class::cast);
        Stream<String> chosen = query.namedOptions().stream()
                .flatMap(option -> option.options().stream().filter(o -> chose(read.get(option.field()), o)));
        List<String> tokens = Stream.concat(texts, chosen).flatMap(text -> TextTerms.tokens(text).stream()).toList();
        return Bm25.Text.of(tokens, words);
    }

    /** A single-choice answer is the option; a multi-choice one lists it. */
    private static boolean chose(Object answer, String option) {
        return answer instanceof List<?> chosen ? chosen.contains(option) : option.equals(answer);
    }
}
