package io.formsapi.dashboard;

/**
 * A widget definition as clients send it. {@code type} is a string so that an unknown type is reported with the
 * list of known ones; {@code title} is optional and derived from the form when absent.
 */
public record WidgetRequest(String formId, String type, String title, String fieldId, Integer days) {
}
