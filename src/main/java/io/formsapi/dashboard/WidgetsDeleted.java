package io.formsapi.dashboard;

import java.util.List;

/** Widgets were deleted: one by its owner, or every widget of a deleted form. */
public record WidgetsDeleted(List<String> widgetIds) {

    public WidgetsDeleted {
        widgetIds = List.copyOf(widgetIds);
    }
}
