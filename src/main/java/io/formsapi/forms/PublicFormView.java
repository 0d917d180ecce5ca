package io.formsapi.forms;

import java.util.List;

/** What a respondent needs to fill in a published form: nothing about its owner or members. */
public record PublicFormView(String id, String title, String description, long version, List<Field> fields) {

    static PublicFormView of(Form form) {
        return new PublicFormView(form.id(), form.title(), form.description(), form.version(), form.fields());
    }
}
