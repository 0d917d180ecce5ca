package io.formsapi.dashboard;

import java.time.LocalDate;
import java.util.List;

import io.formsapi.responses.ResponseView;

/** The computed figures of a widget, one shape per {@link WidgetType}. */
public sealed interface WidgetData {

    record Count(long total, long last24h) implements WidgetData {
    }

    record Timeseries(int days, List<DayCount> points) implements WidgetData {
    }

    record DayCount(LocalDate date, long count) {
    }

    /** Every figure but {@code count} is null when no response answered the field. */
    record NumericStats(long count, Double mean, Double min, Double max, Double p50, Double p90)
            implements WidgetData {
    }

    /** {@code field} is the field's current label. */
    record ChoiceDistribution(String field, List<OptionCount> options, long answered) implements WidgetData {
    }

    record OptionCount(String option, long count) {
    }

    record Latest(List<ResponseView> responses) implements WidgetData {
    }
}
