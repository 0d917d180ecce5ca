package io.formsapi.dashboard;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A widget as stored. {@code fieldId} is set only for the types that summarise one field, {@code days} only for
 * timeseries.
 */
@Document(Widget.COLLECTION)
public record Widget(@Id String id, String ownerId, String formId, WidgetType type, String title, String fieldId,
        Integer days, Instant createdAt) {

    public static final String COLLECTION = "widgets";
    static final String OWNER_ID = "ownerId";
    static final String FORM_ID = "formId";
    static final String CREATED_AT = "createdAt";
}
