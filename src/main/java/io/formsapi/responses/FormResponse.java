package io.formsapi.responses;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A submitted response as stored. {@code answers} maps field id to a normalised value (String, Double for
 * numbers, Integer for ratings, List of String for multi-choice, ISO date String for dates); {@code terms} are
 * the distinct words of its text answers, so that search can pre-filter in the database.
 */
@Document(FormResponse.COLLECTION)
public record FormResponse(@Id String id, String formId, long formVersion, Instant submittedAt, String submittedBy,
        Map<String, Object> answers, List<String> terms) {

    public static final String COLLECTION = "responses";
    public static final String FORM_ID = "formId";
    public static final String SUBMITTED_AT = "submittedAt";
    public static final String TERMS = "terms";
    public static final String ANSWERS = "answers";

    /** Newest first; the id breaks ties between responses stored in the same millisecond. */
    public static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc(SUBMITTED_AT), Sort.Order.desc("_id"));

    /** The database path of one field's answer. Field ids are restricted to a path-safe alphabet by the schema. */
    public static String answerPath(String fieldId) {
        return ANSWERS + "." + fieldId;
    }
}
