package io.formsapi.forms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.formsapi.web.ApiException;
import io.formsapi.web.FieldProblem;
import io.formsapi.web.PrintableText;

/**
 * Checks a form's schema. Field ids become MongoDB paths ({@code answers.<id>}), so they are restricted to a
 * safe alphabet; labels are unique because search refers to fields by label.
 */
@Component
class FormSchemaValidator {

    static final int MAX_FIELDS = 200;
    static final int MAX_OPTIONS = 100;
    private static final Pattern FIELD_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    FormDraft validate(FormDraft draft) {
        List<FieldProblem> errors = new ArrayList<>();
        String title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty() || title.length() > 200) {
            errors.add(new FieldProblem("title", "must be 1 to 200 characters"));
        } else {
            PrintableText.SINGLE_LINE.check("title", title, errors);
        }
        String description = draft.description() == null ? "" : draft.description().strip();
        if (description.length() > 5_000) {
            errors.add(new FieldProblem("description", "must be at most 5000 characters"));
        } else {
            PrintableText.MULTI_LINE.check("description", description, errors);
        }
        List<Field> fields = draft.fields() == null ? List.of() : draft.fields();
        if (fields.size() > MAX_FIELDS) {
            errors.add(new FieldProblem("fields", "must have at most " + MAX_FIELDS + " fields"));
        } else {
            validateFields(fields, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new FormDraft(title, description, fields.stream().map(FormSchemaValidator::normalise).toList(),
                draft.version());
    }

    private static void validateFields(List<Field> fields, List<FieldProblem> errors) {
        Set<String> ids = new HashSet<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String at = "fields[" + i + "]";
            Field field = fields.get(i);
            if (field == null) {
                errors.add(new FieldProblem(at, "must not be null"));
                continue;
            }
            if (field.id() == null || !FIELD_ID.matcher(field.id()).matches()) {
                errors.add(new FieldProblem(at + ".id",
                        "must start with a letter and contain only letters, digits and _ (at most 64)"));
            } else if (!ids.add(field.id())) {
                errors.add(new FieldProblem(at + ".id", "duplicates another field's id"));
            }
            String label = field.label() == null ? "" : field.label().strip();
            if (label.isEmpty() || label.length() > 200) {
                errors.add(new FieldProblem(at + ".label", "must be 1 to 200 characters"));
            } else if (PrintableText.SINGLE_LINE.check(at + ".label", label, errors)
                    && !labels.add(label.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldProblem(at + ".label", "duplicates another field's label"));
            }
            if (field.type() == null) {
                errors.add(new FieldProblem(at + ".type", "is required"));
                continue;
            }
            validateOptions(field, at, errors);
            validateBounds(field, at, errors);
        }
    }

    private static void validateOptions(Field field, String at, List<FieldProblem> errors) {
        if (!field.type().isChoice()) {
            if (field.options() != null) {
                errors.add(new FieldProblem(at + ".options", "is only allowed on choice fields"));
            }
            return;
        }
        List<String> options = field.options();
        if (options == null || options.isEmpty() || options.size() > MAX_OPTIONS) {
            errors.add(new FieldProblem(at + ".options", "must list 1 to " + MAX_OPTIONS + " options"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < options.size(); j++) {
            String option = options.get(j) == null ? "" : options.get(j).strip();
            if (option.isEmpty() || option.length() > 200) {
                errors.add(new FieldProblem(at + ".options[" + j + "]", "must be 1 to 200 characters"));
            } else if (PrintableText.SINGLE_LINE.check(at + ".options[" + j + "]", option, errors)
                    && !seen.add(option.toLowerCase(Locale.ROOT))) {
                errors.add(new FieldProblem(at + ".options[" + j + "]", "duplicates another option"));
            }
        }
    }

    private static void validateBounds(Field field, String at, List<FieldProblem> errors) {
        Double min = field.min();
        Double max = field.max();
        switch (field.type()) {
            case NUMBER -> {
                if (min != null && max != null && min > max) {
                    errors.add(new FieldProblem(at + ".min", "must not exceed max"));
                }
                if ((min != null && !Double.isFinite(min)) || (max != null && !Double.isFinite(max))) {
                    errors.add(new FieldProblem(at + ".max", "must be finite"));
                }
            }
            case RATING -> {
                if (min != null && min != 1) {
                    errors.add(new FieldProblem(at + ".min", "ratings start at 1; omit min or set it to 1"));
                }
                if (max != null && (max != Math.rint(max) || max < 2 || max > 10)) {
                    errors.add(new FieldProblem(at + ".max", "must be a whole number from 2 to 10"));
                }
            }
            case TEXT, LONG_TEXT -> {
                int limit = field.type() == FieldType.TEXT ? Field.DEFAULT_TEXT_MAX : Field.DEFAULT_LONG_TEXT_MAX;
                if (min != null && (min < 0 || min != Math.rint(min))) {
                    errors.add(new FieldProblem(at + ".min", "must be a whole number of characters, at least 0"));
                }
                if (max != null && (max < 1 || max > limit || max != Math.rint(max))) {
                    errors.add(new FieldProblem(at + ".max", "must be a whole number from 1 to " + limit));
                }
                if (min != null && max != null && min > max) {
                    errors.add(new FieldProblem(at + ".min", "must not exceed max"));
                }
            }
            default -> {
                if (min != null || max != null) {
                    errors.add(new FieldProblem(at + ".min", "min and max are not supported on " + field.type()
                            .name().toLowerCase(Locale.ROOT) + " fields"));
                }
            }
        }
    }

    private static Field normalise(Field field) {
        List<String> options = field.options() == null ? null : field.options().stream().map(String::strip).toList();
        Double min = field.type() == FieldType.RATING ? Double.valueOf(1) : field.min();
        Double max = field.type() == FieldType.RATING && field.max() == null
                ? Double.valueOf(Field.DEFAULT_RATING_SCALE) : field.max();
        return new Field(field.id(), field.label().strip(), field.type(), field.required(), min, max, options);
    }
}
