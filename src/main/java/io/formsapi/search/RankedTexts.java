package io.formsapi.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.formsapi.forms.Field;
import io.formsapi.forms.Form;
import io.formsapi.responses.TextTerms;

/**
 * What BM25 reads of a response for one query: how many words its text answers hold and how often each query word
 * occurs in them, both stored with the response, and the words of the named options it chose, as if those options
 * were part of its texts. A response stored before word counts were kept is read from its texts instead.
 */
final class RankedTexts {

    private final List<String> textFields;
    private final ParsedQuery query;
    private final List<String> words;

    RankedTexts(Form form, ParsedQuery query) {
        this.textFields = form.fields().stream().filter(f -> f.type().isText()).map(Field::id).toList();
        this.query = query;
        this.words = query.words();
    }

    List<String> words() {
        return words;
    }

    /** The fields whose answers ranking reads: those of the named options, as they may add words to a response. */
    List<String> optionFields() {
        return query.namedOptions().stream().map(ChoiceFilter::field).distinct().toList();
    }

    /** The fields ranking reads of a response stored without word counts: its texts, and the named options'. */
    Set<String> fieldsReadWithoutCounts() {
        Set<String> fields = new LinkedHashSet<>(textFields);
        fields.addAll(optionFields());
        return fields;
    }

    /**
     * What ranking reads of the i-th candidate.
     *
     * @param answers its answers to {@link #optionFields()}, and to its text fields if it has no word counts
     */
    Bm25.Text of(SearchStore.Candidates candidates, int i, Map<String, Object> answers) {
        Bm25.Text written;
        if (candidates.counted(i)) {
            int[] frequencies = new int[words.size()];
            for (int w = 0; w < frequencies.length; w++) {
                frequencies[w] = candidates.counts()[w][i];
            }
            written = new Bm25.Text(candidates.wordCounts()[i], frequencies);
        } else {
            written = Bm25.Text.of(tokensOf(answers), words);
        }
        return query.namedOptions().isEmpty() ? written
                : written.plus(Bm25.Text.of(chosenOptionTokens(answers), words));
    }

    private List<String> tokensOf(Map<String, Object> answers) {
        return textFields.stream().map(answers::get).filter(String.class::isInstance).map(String.class::cast)
                .flatMap(text -> TextTerms.tokens(text).stream()).toList();
    }

    private List<String> chosenOptionTokens(Map<String, Object> answers) {
        return query.namedOptions().stream()
                .flatMap(option -> option.options().stream().filter(o -> chose(answers.get(option.field()), o)))
                .flatMap(option -> TextTerms.tokens(option).stream()).toList();
    }

    /** A single-choice answer is the option; a multi-choice one lists it. */
    private static boolean chose(Object answer, String option) {
        return answer instanceof List<?> chosen ? chosen.contains(option) : option.equals(answer);
    }
}
