package io.formsapi.peer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The API's answer to {@code GET /api/v1/forms/{id}/public}: a published form without owner or members. */
public record PublicForm(String id, String title, String description, long version, List<Field> fields) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Field(String id, String label, String type, Boolean required, Double min, Double max,
            List<String> options) {
    }
}
