package io.formsapi.dashboard;

/**
 * What a widget's figures are computed from: its form, its type and the field and days it summarises, and nothing
 * of who created it. Widgets that ask the same (the response count of a popular form on each member's dashboard)
 * share one computation and one cached entry; who may see the figures is checked on every read of the widget.
 *
 * @param fieldId the summarised field, null for the types that summarise none
 * @param days    the days of a timeseries, null for the other types
 */
public record WidgetQuery(String formId, WidgetType type, String fieldId, Integer days) {

    static WidgetQuery of(Widget widget) {
        return new WidgetQuery(widget.formId(), widget.type(), widget.fieldId(), widget.days());
    }
}
