package io.formsapi.peer;

import java.util.List;
import java.util.Locale;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** The part of a document of the API's {@code forms} collection that a respondent sees, plus its status. */
@Document("forms")
record StoredForm(@Id String id, String title, String description, String status, long version,
        List<StoredField> fields) {

    record StoredField(String id, String label, String type, Boolean required, Double min, Double max,
            List<String> options) {
    }

    boolean published() {
        return "PUBLISHED".equals(status);
    }

    /** Enum names as stored ({@code SINGLE_CHOICE}) become the API's JSON names ({@code single_choice}). */
    PublicForm publicView() {
        return new PublicForm(id, title, description, version, fields.stream()
                .map(f -> new PublicForm.Field(f.id(), f.label(), f.type().toLowerCase(Locale.ROOT),
                        Boolean.TRUE.equals(f.required()), f.min(), f.max(), f.options()))
                .toList());
    }
}
