package io.formsapi.responses;

/** Published after a response is stored and counted. */
public record ResponseSubmitted(String formId, String responseId) {
}
