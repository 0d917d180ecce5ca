package io.formsapi.responses;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.bson.types.ObjectId;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.mapping.Document;

import io.formsapi.forms.Form;

/**
 * A submitted response as stored. {@code answers} maps field id to a normalised value (String, Double for
 * numbers, Integer for ratings, List of String for multi-choice, ISO date String for dates). {@code terms} are
 * the distinct words of its text answers, so that search can pre-filter in the database; {@code termCounts} says
 * how often each occurs and {@code wordCount} how many words the texts hold, so that ranking reads a few numbers
 * of each candidate instead of its texts. Responses stored before these two existed have neither.
 */
@Document(FormResponse.COLLECTION)
public record FormResponse(@Id String id, String formId, long formVersion, Instant submittedAt, String submittedBy,
        Map<String, Object> answers, List<String> terms, Map<String, Integer> termCounts, Integer wordCount) {

    public static final String COLLECTION = "responses";
    public static final String FORM_ID = "formId";
    public static final String SUBMITTED_AT = "submittedAt";
    public static final String TERMS = "terms";
    public static final String ANSWERS = "answers";
    public static final String TERM_COUNTS = "termCounts";
    public static final String WORD_COUNT = "wordCount";

    /** Newest first; the id breaks ties between responses stored in the same millisecond. */
    public static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc(SUBMITTED_AT), Sort.Order.desc("_id"));

    /** A new response to {@code form}, with the words of its answers to the form's text fields. */
    public static FormResponse submitted(Form form, Instant submittedAt, String submittedBy,
            Map<String, Object> answers) {
        List<String> texts = form.fields().stream().filter(field -> field.type().isText())
                .map(field -> answers.get(field.id())).filter(String.class::isInstance).map(String.class::cast)
                .toList();
        Map<String, Integer> counts = TextTerms.counts(texts);
        return new FormResponse(new ObjectId().toHexString(), form.id(), form.version(), submittedAt, submittedBy,
                answers, List.copyOf(counts.keySet()), counts, counts.values().stream().mapToInt(n -> n).sum());
    }

    /** The database path of one field's answer. Field ids are restricted to a path-safe alphabet by the schema. */
    public static String answerPath(String fieldId) {
        return ANSWERS + "." + fieldId;
    }

    /** The database path of how often a word occurs in a response's texts. Words hold only letters and digits. */
    public static String termCountPath(String word) {
        return TERM_COUNTS + "." + word;
    }
}
