package io.formsapi.forms;

/** What a request wants to do with a form. */
public enum Permission {
    /** See the form and its schema. */
    READ_FORM,
    /** Read responses, search them, and build widgets on them. */
    READ_RESPONSES,
    /** Change title, description, fields and status. */
    EDIT,
    /** Delete the form and manage its members. */
    MANAGE
}
