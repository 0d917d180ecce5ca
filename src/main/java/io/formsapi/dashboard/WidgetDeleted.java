package io.formsapi.dashboard;

/** Published after a widget is deleted. */
public record WidgetDeleted(String widgetId, String ownerId) {
}
