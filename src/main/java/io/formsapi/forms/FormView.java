package io.formsapi.forms;

import java.time.Instant;
import java.util.List;

/** A form as its members see it, with the caller's own role. */
public record FormView(String id, String title, String description, FormStatus status, long version,
        String ownerId, List<Member> members, List<Field> fields, long responseCount, Instant createdAt,
        Instant updatedAt, FormRole role) {

    static FormView of(CountedForm counted, String callerId) {
        Form form = counted.form();
        return new FormView(form.id(), form.title(), form.description(), form.status(), form.version(),
                form.ownerId(), form.members(), form.fields(), counted.responseCount(), form.createdAt(),
                form.updatedAt(), form.roleOf(callerId));
    }
}
