package io.formsapi.forms;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

import io.formsapi.auth.Caller;
import io.formsapi.auth.UserDirectory;
import io.formsapi.web.ApiException;
import io.formsapi.web.EntityTags;
import io.formsapi.web.FieldProblem;
import io.formsapi.web.Ids;
import io.formsapi.web.PageRequest;
import io.formsapi.web.PageResponse;

@Service
public class FormService {

    /** Status and member changes retry this often when a concurrent edit bumps the version under them. */
    private static final int MAX_ATTEMPTS = 5;

    private final FormStore store;
    private final FormAccess access;
    private final ResponseCountLoader counts;
    private final FormSchemaValidator validator;
    private final UserDirectory users;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FormService(FormStore store, FormAccess access, ResponseCountLoader counts, FormSchemaValidator validator,
            UserDirectory users, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.access = access;
        this.counts = counts;
        this.validator = validator;
        this.users = users;
        this.events = events;
        this.clock = clock;
    }

    public CountedForm create(Caller caller, FormDraft draft) {
        FormDraft valid = validator.validate(draft);
        var now = clock.instant();
        return new CountedForm(store.insert(new Form(new ObjectId().toHexString(), valid.title(),
                valid.description(), FormStatus.DRAFT, 1, caller.userId(), List.of(), valid.fields(), now, now)), 0);
    }

    public PageResponse<CountedForm> visibleTo(Caller caller, PageRequest page) {
        List<Form> visible = store.visibleTo(caller.userId(), page);
        Map<String, Long> responseCounts = counts.counts(visible.stream().map(Form::id).toList());
        return PageResponse.of(visible.stream().map(form -> new CountedForm(form, responseCounts.getOrDefault(form.id(),
                0L))).toList(), page, store.countVisibleTo(caller.userId()));
    }

    public CountedForm get(Caller caller, String formId) {
        return counted(access.require(caller, formId, Permission.READ_FORM));
    }

    /**
     * A form that accepts responses, for its public view. Read from the store, not through the form schema cache:
     * the public view is cached whole as its HTTP answer, shared by every caller and loaded once under that
     * answer's lease, so a schema entry behind it would only add two Redis round trips to each of its misses.
     */
    public Form getPublished(String formId) {
        Form form = store.byId(Ids.require(formId, "form")).orElseThrow(() -> ApiException.notFound("form"));
        if (!form.acceptsResponses()) {
            throw ApiException.notFound("form");
        }
        return form;
    }

    /**
     * Replaces the editable part of a form. Two optimistic checks, either or both: {@code ifMatch} (an
     * {@code If-Match} header, null when absent) against the form's ETag, 412 when it fails, and the body's
     * {@code version}, 409 when stale. Both are checked before the read-only properties, so that a representation
     * read before someone else's change is reported as stale rather than as an attempt to change them.
     */
    public CountedForm update(Caller caller, String formId, FormReplacement replacement, String ifMatch) {
        Form form = access.require(caller, formId, Permission.EDIT);
        CountedForm current = counted(form);
        if (ifMatch != null && !EntityTags.ifMatch(ifMatch, FormETag.of(current, caller.userId()))) {
            throw changedSinceETag();
        }
        FormDraft valid = validator.validate(replacement.draft());
        long expected = valid.version() == null ? form.version() : valid.version();
        if (expected != form.version()) {
            throw changedSinceVersion(expected);
        }
        List<FieldProblem> readOnly = replacement.readOnlyChanges(FormView.of(current, caller.userId()));
        if (!readOnly.isEmpty()) {
            throw ApiException.invalid(readOnly);
        }
        Update update = new Update().set("title", valid.title()).set("description", valid.description())
                .set("fields", valid.fields());
        if (!store.updateIfVersion(form.id(), expected, update, clock.instant())) {
            throw ifMatch != null ? changedSinceETag() : changedSinceVersion(expected);
        }
        return changed(form.id());
    }

    public CountedForm publish(Caller caller, String formId) {
        return changeStatus(caller, formId, FormStatus.PUBLISHED);
    }

    public CountedForm close(Caller caller, String formId) {
        return changeStatus(caller, formId, FormStatus.CLOSED);
    }

    public void delete(Caller caller, String formId) {
        Form form = access.require(caller, formId, Permission.MANAGE);
        if (store.delete(form.id())) {
            events.publishEvent(new FormDeleted(form.id()));
        }
    }

    public CountedForm setMember(Caller caller, String formId, String userId, MemberRole role) {
        if (role == null) {
            throw ApiException.invalid("role", "must be editor or viewer");
        }
        Form checked = access.require(caller, formId, Permission.MANAGE);
        if (!Ids.isValid(userId) || !users.exists(userId)) {
            throw ApiException.notFound("user");
        }
        if (userId.equals(checked.ownerId())) {
            throw ApiException.invalid("userId", "is the owner of the form");
        }
        CountedForm changed = changeMembers(caller, formId, members -> {
            List<Member> updated = new ArrayList<>(members.stream().filter(m -> !m.userId().equals(userId)).toList());
            updated.add(new Member(userId, role));
            return updated;
        });
        events.publishEvent(new MembershipChanged(formId, userId));
        return changed;
    }

    /** The owner removes anyone; a member may also remove themselves (leave the form). */
    public void removeMember(Caller caller, String formId, String userId) {
        Form form = access.require(caller, formId, Permission.READ_FORM);
        if (!caller.userId().equals(userId) && !form.roleOf(caller.userId()).allows(Permission.MANAGE)) {
            throw ApiException.forbidden("only the owner can remove other members");
        }
        if (form.members().stream().noneMatch(m -> m.userId().equals(userId))) {
            throw ApiException.notFound("member");
        }
        changeMembers(caller, formId, members -> members.stream().filter(m -> !m.userId().equals(userId)).toList());
        events.publishEvent(new MembershipChanged(formId, userId));
    }

    /** The stored form after a change, announced so that whatever was derived from the old one is refreshed. */
    private CountedForm changed(String formId) {
        events.publishEvent(new FormChanged(formId));
        return counted(store.byId(formId).orElseThrow(() -> ApiException.notFound("form")));
    }

    private CountedForm counted(Form form) {
        return new CountedForm(form, counts.count(form.id()));
    }

    private CountedForm changeStatus(Caller caller, String formId, FormStatus status) {
        return retryOnConcurrentChange(caller, formId, Permission.EDIT, form -> {
            if (status == FormStatus.PUBLISHED && form.fields().isEmpty()) {
                throw ApiException.conflict("a form needs at least one field before it can be published");
            }
            return form.status() == status ? null : new Update().set("status", status);
        });
    }

    private CountedForm changeMembers(Caller caller, String formId, Function<List<Member>, List<Member>> change) {
        return retryOnConcurrentChange(caller, formId, Permission.READ_FORM,
                form -> new Update().set("members", change.apply(form.members())));
    }

    /**
     * Reads the form, derives an update from it and applies it if nobody changed the form meanwhile; a
     * {@code null} update means there is nothing to change.
     */
    private CountedForm retryOnConcurrentChange(Caller caller, String formId, Permission permission,
            Function<Form, Update> change) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Form form = access.require(caller, formId, permission);
            Update update = change.apply(form);
            if (update == null) {
                return counted(form);
            }
            if (store.updateIfVersion(form.id(), form.version(), update, clock.instant())) {
                return changed(form.id());
            }
        }
        throw ApiException.conflict("the form is being changed concurrently; retry");
    }

    private static ApiException changedSinceETag() {
        return ApiException.preconditionFailed("the form changed since this ETag was issued; GET it again");
    }

    private static ApiException changedSinceVersion(long version) {
        return ApiException.conflict("the form changed since version " + version + "; reload and retry");
    }
}
