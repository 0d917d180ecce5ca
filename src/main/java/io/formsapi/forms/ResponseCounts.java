package io.formsapi.forms;

/**
 * How many responses a form has, counted where the responses are stored, through the index that leads with the
 * form: a submission is then a single write, with no counter on the form's document to keep in step with it.
 */
public interface ResponseCounts {

    /** The form's number of stored responses; 0 for a form that is gone. */
    long countOf(String formId);
}
