package io.formsapi.dashboard;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A widget as its owner sees it; {@code data} only where figures were asked for, so listings stay cheap. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WidgetView(String id, String formId, WidgetType type, String title, String fieldId, Integer days,
        Instant createdAt, WidgetData data) {

    static WidgetView of(Widget widget) {
        return of(widget, null);
    }

    static WidgetView of(Widget widget, WidgetData data) {
        return new WidgetView(widget.id(), widget.formId(), widget.type(), widget.title(), widget.fieldId(),
                widget.days(), widget.createdAt(), data);
    }
}
