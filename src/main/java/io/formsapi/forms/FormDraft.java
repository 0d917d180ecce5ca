package io.formsapi.forms;

import java.util.List;

/**
 * The editable part of a form, as sent by clients on create and within an update ({@link FormReplacement}).
 * {@code version}, when given on update, must equal the stored version (optimistic concurrency).
 */
public record FormDraft(String title, String description, List<Field> fields, Long version) {
}
