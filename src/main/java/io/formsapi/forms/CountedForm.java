package io.formsapi.forms;

/**
 * A form with its number of responses, for what shows both: a form's representation and its ETag, the list of
 * forms. The count is read apart from the form ({@link ResponseCountLoader}), or from the same document when the
 * form is read from the database anyway.
 */
public record CountedForm(Form form, long responseCount) {
}
