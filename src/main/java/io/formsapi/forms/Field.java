package io.formsapi.forms;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One question of a form. {@code min}/{@code max} bound a number's value, a rating's scale (1..max) or a text's
 * length; {@code options} lists the choices of a choice field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Field(String id, String label, FieldType type, Boolean required, Double min, Double max,
        List<String> options) {

    public Field {
        required = Boolean.TRUE.equals(required);
    }

    public static final int DEFAULT_RATING_SCALE = 5;
    public static final int DEFAULT_TEXT_MAX = 2_000;
    public static final int DEFAULT_LONG_TEXT_MAX = 10_000;

    /** The highest rating a respondent can give (ratings start at 1). */
    public int ratingScale() {
        return max == null ? DEFAULT_RATING_SCALE : max.intValue();
    }

    public int maxLength() {
        if (max != null) {
            return max.intValue();
        }
        return type == FieldType.LONG_TEXT ? DEFAULT_LONG_TEXT_MAX : DEFAULT_TEXT_MAX;
    }
}
