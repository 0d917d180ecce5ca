package io.formsapi.responses;

import java.time.Instant;
import java.util.Map;

public record ResponseView(String id, String formId, long formVersion, Instant submittedAt, String submittedBy,
        Map<String, Object> answers) {

    public static ResponseView of(FormResponse response) {
        return new ResponseView(response.id(), response.formId(), response.formVersion(), response.submittedAt(),
                response.submittedBy(), response.answers());
    }
}
