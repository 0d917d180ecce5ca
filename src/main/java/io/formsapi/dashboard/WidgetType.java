package io.formsapi.dashboard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

import io.formsapi.forms.Field;
import io.formsapi.forms.FieldType;
import io.formsapi.forms.Form;

/** What a widget shows. A type that summarises one field says which field types it can summarise. */
public enum WidgetType {
    COUNT(type -> false, WidgetData.Count.class),
    TIMESERIES(type -> false, WidgetData.Timeseries.class),
    NUMERIC_STATS(FieldType::isNumeric, WidgetData.NumericStats.class),
    CHOICE_DISTRIBUTION(FieldType::isChoice, WidgetData.ChoiceDistribution.class),
    LATEST(type -> false, WidgetData.Latest.class);

    private final Predicate<FieldType> summarises;
    private final Class<? extends WidgetData> dataClass;

    WidgetType(Predicate<FieldType> summarises, Class<? extends WidgetData> dataClass) {
        this.summarises = summarises;
        this.dataClass = dataClass;
    }

    /** The shape of this type's figures, which cached figures are read back into. */
    public Class<? extends WidgetData> dataClass() {
        return dataClass;
    }

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<WidgetType> parse(String jsonName) {
        return Arrays.stream(values()).filter(t -> t.jsonName().equals(jsonName)).findFirst();
    }

    static String jsonNames() {
        return Arrays.stream(values()).map(WidgetType::jsonName).collect(Collectors.joining(", "));
    }

    boolean usesField() {
        return Arrays.stream(FieldType.values()).anyMatch(summarises);
    }

    boolean usesDays() {
        return this == TIMESERIES;
    }

    boolean accepts(FieldType fieldType) {
        return summarises.test(fieldType);
    }

    /** The accepted field types as the API spells them, for error messages. */
    String acceptedFieldTypes() {
        return Arrays.stream(FieldType.values()).filter(summarises).map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or "));
    }

    /** {@code field} is null for the types that do not summarise one. */
    String defaultTitle(Form form, Field field) {
        return switch (this) {
            case COUNT -> "Responses to " + form.title();
            case TIMESERIES -> "Daily responses to " + form.title();
            case NUMERIC_STATS -> field.label() + ": statistics";
            case CHOICE_DISTRIBUTION -> field.label() + ": answers by option";
            case LATEST -> "Latest responses to " + form.title();
        };
    }
}
