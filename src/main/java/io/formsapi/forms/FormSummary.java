package io.formsapi.forms;

import java.time.Instant;

public record FormSummary(String id, String title, FormStatus status, long version, int fieldCount,
        long responseCount, Instant updatedAt, FormRole role) {

    static FormSummary of(CountedForm counted, String callerId) {
        Form form = counted.form();
        return new FormSummary(form.id(), form.title(), form.status(), form.version(), form.fields().size(),
                counted.responseCount(), form.updatedAt(), form.roleOf(callerId));
    }
}
