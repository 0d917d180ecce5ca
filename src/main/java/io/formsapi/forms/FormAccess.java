package io.formsapi.forms;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Service;

import io.formsapi.auth.Caller;
import io.formsapi.web.ApiException;
import io.formsapi.web.Ids;

/**
 * Answers "may this caller do that to this form?". A form the caller has no role on is reported as not found,
 * so that its id is not revealed; a form they can see but not act on in that way is forbidden.
 */
@Service
public class FormAccess {

    private final FormLoader forms;

    FormAccess(FormLoader forms) {
        this.forms = forms;
    }

    public Form require(Caller caller, String formId, Permission permission) {
        Form form = load(formId);
        FormRole role = form.roleOf(caller == null ? null : caller.userId());
        if (role == FormRole.NONE) {
            throw ApiException.notFound("form");
        }
        if (!role.allows(permission)) {
            throw ApiException.forbidden("your role on this form (" + role.name().toLowerCase() + ") does not allow this");
        }
        return form;
    }

    /**
     * Whether the caller may do that to the form; false as well when there is no such form. For a servlet filter,
     * which has the request before the handler does ({@link FormLoader#load(String, HttpServletRequest)}).
     */
    public boolean allows(Caller caller, String formId, Permission permission, HttpServletRequest request) {
        return Ids.isValid(formId) && forms.load(formId, request)
                .map(form -> form.roleOf(caller.userId()).allows(permission)).orElse(false);
    }

    public Form load(String formId) {
        return forms.load(Ids.require(formId, "form")).orElseThrow(() -> ApiException.notFound("form"));
    }
}
