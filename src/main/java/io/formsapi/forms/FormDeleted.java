package io.formsapi.forms;

/** Published after a form is removed, so that features holding data about it can remove theirs. */
public record FormDeleted(String formId) {
}
