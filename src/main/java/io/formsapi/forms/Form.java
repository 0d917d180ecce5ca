package io.formsapi.forms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A form as stored: schema, status and members. {@code version} grows by one on every change to any of them. Its
 * responses are counted where they are stored ({@link ResponseCounts}): a submission changes nothing of the form,
 * so what is read (and cached) as the form does not depend on submissions.
 */
@Document(Form.COLLECTION)
public record Form(@Id String id, String title, String description, FormStatus status, long version,
        String ownerId, List<Member> members, List<Field> fields, Instant createdAt, Instant updatedAt) {

    public static final String COLLECTION = "forms";

    public FormRole roleOf(String userId) {
        if (userId == null) {
            return FormRole.NONE;
        }
        if (userId.equals(ownerId)) {
            return FormRole.OWNER;
        }
        return members.stream().filter(m -> m.userId().equals(userId)).findFirst()
                .map(m -> FormRole.of(m.role())).orElse(FormRole.NONE);
    }

    public Optional<Field> field(String fieldId) {
        return fields.stream().filter(f -> f.id().equals(fieldId)).findFirst();
    }

    public boolean acceptsResponses() {
        return status == FormStatus.PUBLISHED;
    }
}
