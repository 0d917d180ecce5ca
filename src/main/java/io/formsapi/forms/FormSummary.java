package io.formsapi.forms;

import java.time.Instant;

public record FormSummary(String id, String title, FormStatus status, long version, int fieldCount,
        long responseCount, Instant updatedAt, FormRole role) {

    static FormSummary of(Form form, String callerId) {
        return new FormSummary(form.id(), form.title(), form.status(), form.version(), form.fields().size(),
                form.responseCount(), form.updatedAt(), form.roleOf(callerId));
    }
}
