package io.formsapi.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Valid anonymous submissions, built from a form's public view: every benchmark that writes responses uses them. */
public final class Submissions {

    private Submissions() {
    }

    /** The body of a submission answering every required field of {@code publicForm}. */
    public static Map<String, Object> answering(JsonNode publicForm) {
        Map<String, Object> answers = new LinkedHashMap<>();
        for (JsonNode field : publicForm.path("fields")) {
            if (field.path("required").asBoolean()) {
                answers.put(field.path("id").asString(), answer(field));
            }
        }
        return Map.of("answers", answers);
    }

    private static Object answer(JsonNode field) {
        return switch (field.path("type").asString()) {
            case "number" -> field.path("min").asDouble(0);
            case "rating" -> 3;
            case "single_choice" -> field.path("options").get(0).asString();
            case "multi_choice" -> List.of(field.path("options").get(0).asString());
            case "date" -> "2026-01-01";
            case "email" -> "load@example.com";
            default -> "fast refund, friendly staff";
        };
    }
}
