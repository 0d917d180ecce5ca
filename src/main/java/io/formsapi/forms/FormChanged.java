package io.formsapi.forms;

/** Published after a form's document changed (content, status or members) and the change is stored. */
public record FormChanged(String formId) {
}
