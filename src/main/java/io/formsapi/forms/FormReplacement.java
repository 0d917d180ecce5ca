package io.formsapi.forms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.formsapi.web.FieldProblem;

/**
 * The body of a form update: the editable part ({@link FormDraft}), and optionally the read-only properties of
 * the form's representation, so that what a GET returned can be changed and sent back as it is. A read-only
 * property that is sent must hold the form's value: changing it this way is refused, not ignored.
 */
public record FormReplacement(String id, String title, String description, FormStatus status, Long version,
        String ownerId, List<Member> members, List<Field> fields, Long responseCount, Instant createdAt,
        Instant updatedAt, FormRole role) {

    private static final String READ_ONLY = "is read-only: send the form's value or leave it out";

    public FormDraft draft() {
        return new FormDraft(title, description, fields, version);
    }

    /** The read-only properties sent with a value other than the form's {@code current} one. */
    List<FieldProblem> readOnlyChanges(FormView current) {
        List<FieldProblem> changes = new ArrayList<>();
        changed("id", id, current.id(), changes);
        changed("status", status, current.status(), changes);
        changed("ownerId", ownerId, current.ownerId(), changes);
        changed("members", members, current.members(), changes);
        changed("createdAt", createdAt, current.createdAt(), changes);
        changed("updatedAt", updatedAt, current.updatedAt(), changes);
        changed("role", role, current.role(), changes);
        // Responses keep arriving without a new version: any count the form has had is a count a client read.
        if (responseCount != null && (responseCount < 0 || responseCount > current.responseCount())) {
            changes.add(new FieldProblem("responseCount", READ_ONLY));
        }
        return changes;
    }

    private static void changed(String name, Object sent, Object actual, List<FieldProblem> changes) {
        if (sent != null && !Objects.equals(sent, actual)) {
            changes.add(new FieldProblem(name, READ_ONLY));
        }
    }
}
