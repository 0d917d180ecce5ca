package io.formsapi.search;

import java.util.HashMap;
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
    private final Set<String> words;

    RankedTexts(Form form, ParsedQuery query) {
        this.textFields = form.fields().stream().filter(f -> f.type().isText()).map(Field::id).toList();
        this.query = query;
        this.words = Set.copyOf(query.words());
    }

    List<String> words() {
        return query.words();
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
     * @param wordCount  how many words the response's texts hold; null if it was stored without word counts
     * @param termCounts how often it has each of {@link #words()} (missing: none)
     * @param answers    its answers to {@link #optionFields()}, and to its text fields if it has no word counts
     */
    Bm25.Text of(Integer wordCount, Map<String, Object> termCounts, Map<String, Object> answers) {
        Bm25.Text written = wordCount == null ? Bm25.Text.of(tokensOf(answers), words)
                : new Bm25.Text(wordCount, queryWordCounts(termCounts));
        return written.plus(Bm25.Text.of(chosenOptionTokens(answers), words));
    }

    private List<String> tokensOf(Map<String, Object> answers) {
        return textFields.stream().map(answers::get).filter(String.class::isInstance).map(String.class::cast)
                .flatMap(text -> TextTerms.tokens(text).stream()).toList();
    }

    private Map<String, Integer> queryWordCounts(Map<String, Object> termCounts) {
        Map<String, Integer> counts = new HashMap<>();
        if (termCounts != null) {
            for (String word : words) {
                if (termCounts.get(word) instanceof Number count && count.intValue() > 0) {
                    counts.put(word, count.intValue());
                }
            }
        }
        return counts;
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
