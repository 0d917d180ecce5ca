package io.formsapi.forms;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.formsapi.auth.Caller;
import io.formsapi.web.ApiException;
import io.formsapi.web.Ids;

/**
 * Answers "may this caller do that to this form?". A form the caller has no role on is reported as not found,
 * so that its id is not revealed; a form they can see but not act on in that way is forbidden.
 */
@Service
public class FormAccess {

    /**
     * The form an admission check read for a request, on the request: the handler's own check then uses it instead
     * of reading the form a second time.
     */
    private static final String CHECKED = FormAccess.class.getName() + ".checked";

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
     * Whether the caller may do that to the form; false as well when there is no such form. The form read is kept
     * on the request for the handler's {@link #require} or {@link #load}.
     */
    public boolean allows(Caller caller, String formId, Permission permission, HttpServletRequest request) {
        Optional<Form> form = Ids.isValid(formId) ? forms.load(formId) : Optional.empty();
        form.ifPresent(checked -> request.setAttribute(CHECKED, checked));
        return form.map(checked -> checked.roleOf(caller.userId()).allows(permission)).orElse(false);
    }

    public Form load(String formId) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getAttribute(CHECKED) instanceof Form checked
                && checked.id().equals(formId)) {
            return checked;
        }
        return forms.load(Ids.require(formId, "form")).orElseThrow(() -> ApiException.notFound("form"));
    }
}
