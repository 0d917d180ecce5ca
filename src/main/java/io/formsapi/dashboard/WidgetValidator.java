package io.formsapi.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import io.formsapi.forms.Field;
import io.formsapi.forms.Form;
import io.formsapi.web.ApiException;
import io.formsapi.web.FieldProblem;
import io.formsapi.web.PrintableText;

/**
 * Checks widget definitions in two steps: first what needs no form, so that a caller without access to the form
 * learns nothing about it; then, once access is granted, that the field exists and fits the widget type.
 */
@Component
class WidgetValidator {

    static final int MAX_TITLE = 200;
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 365;

    /** Everything that can be checked without the form; returns the widget type. */
    WidgetType validate(WidgetRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        if (isBlank(request.formId())) {
            errors.add(new FieldProblem("formId", "is required"));
        }
        Optional<WidgetType> type = WidgetType.parse(request.type());
        if (type.isEmpty()) {
            errors.add(new FieldProblem("type", "must be one of " + WidgetType.jsonNames()));
        }
        if (request.title() != null && request.title().strip().length() > MAX_TITLE) {
            errors.add(new FieldProblem("title", "must be at most " + MAX_TITLE + " characters"));
        } else {
            PrintableText.SINGLE_LINE.check("title", request.title(), errors);
        }
        type.ifPresent(t -> validateOptions(t, request, errors));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return type.orElseThrow();
    }

    /** Builds the widget of a request that passed {@link #validate} on a form the owner may read. */
    Widget define(WidgetRequest request, WidgetType type, Form form, String ownerId, Instant createdAt) {
        Field field = type.usesField() ? field(form, type, request.fieldId()) : null;
        String title = isBlank(request.title()) ? abbreviate(type.defaultTitle(form, field)) : request.title().strip();
        Integer days = type.usesDays() ? (request.days() == null ? DEFAULT_DAYS : request.days()) : null;
        return new Widget(new ObjectId().toHexString(), ownerId, form.id(), type, title,
                field == null ? null : field.id(), days, createdAt);
    }

    private static void validateOptions(WidgetType type, WidgetRequest request, List<FieldProblem> errors) {
        if (type.usesField() && isBlank(request.fieldId())) {
            errors.add(new FieldProblem("fieldId", "is required for " + type.jsonName() + " widgets"));
        } else if (!type.usesField() && request.fieldId() != null) {
            errors.add(new FieldProblem("fieldId", "is not used by " + type.jsonName() + " widgets"));
        }
        if (type.usesDays() && request.days() != null && (request.days() < 1 || request.days() > MAX_DAYS)) {
            errors.add(new FieldProblem("days", "must be between 1 and " + MAX_DAYS));
        } else if (!type.usesDays() && request.days() != null) {
            errors.add(new FieldProblem("days", "is not used by " + type.jsonName() + " widgets"));
        }
    }

    private static Field field(Form form, WidgetType type, String fieldId) {
        Field field = form.field(fieldId).orElseThrow(() -> ApiException.invalid("fieldId",
                "is not a field of this form"));
        if (!type.accepts(field.type())) {
            throw ApiException.invalid("fieldId", "must be a " + type.acceptedFieldTypes() + " field for "
                    + type.jsonName() + " widgets");
        }
        return field;
    }

    /** Derived titles embed a form title or field label that may itself be at the limit. */
    private static String abbreviate(String title) {
        return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
