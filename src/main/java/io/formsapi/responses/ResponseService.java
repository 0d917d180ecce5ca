package io.formsapi.responses;

import java.time.Clock;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import io.formsapi.auth.Caller;
import io.formsapi.forms.Form;
import io.formsapi.forms.FormAccess;
import io.formsapi.forms.FormRole;
import io.formsapi.forms.Permission;
import io.formsapi.web.ApiException;
import io.formsapi.web.PageRequest;
import io.formsapi.web.PageResponse;

@Service
public class ResponseService {

    private final ResponseStore store;
    private final ResponseValidator validator;
    private final FormAccess access;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ResponseService(ResponseStore store, ResponseValidator validator, FormAccess access,
            ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.store = store;
        this.validator = validator;
        this.access = access;
        this.clock = clock;
    }

    /** Anyone may answer a published form; only its members learn that a draft or closed form exists. */
    public FormResponse submit(Caller caller, String formId, Map<String, Object> answers) {
        Form form = access.load(formId);
        String userId = caller == null ? null : caller.userId();
        if (!form.acceptsResponses()) {
            if (form.roleOf(userId) == FormRole.NONE) {
                throw ApiException.notFound("form");
            }
            throw ApiException.conflict("the form is " + form.status().name().toLowerCase()
                    + " and does not accept responses");
        }
        Map<String, Object> normalised = validator.validate(form, answers);
        FormResponse stored = store.insert(FormResponse.submitted(form, clock.instant(), userId, normalised));
        events.publishEvent(new ResponseSubmitted(form.id(), stored.id()));
        return stored;
    }

    public PageResponse<FormResponse> list(Caller caller, String formId, PageRequest page) {
        Form form = access.require(caller, formId, Permission.READ_RESPONSES);
        return PageResponse.of(store.newestOf(form.id(), page), page, store.countOf(form.id()));
    }
}
