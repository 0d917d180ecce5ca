package io.formsapi.forms;

/** Published after a user was given a role on a form, had it changed, or lost it. */
public record MembershipChanged(String formId, String userId) {
}
