package io.formsapi.caching;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import io.formsapi.auth.BearerRequestIdentity;
import io.formsapi.cache.web.ResponseAccess;
import io.formsapi.caching.tags.Audiences;
import io.formsapi.forms.FormAccess;
import io.formsapi.forms.Permission;

/**
 * Admits the callers who may read a form's responses, so that one cached response list or search serves its owner,
 * editors and viewers alike. The check reads what the handler's own check reads (the auth context and the form,
 * both kept strict), so a caller it admits is one the handler would answer, and a member removed is refused from
 * the next request on.
 */
@Component(Audiences.RESPONSE_READERS)
class ResponseReaders implements ResponseAccess {

    private final BearerRequestIdentity identity;
    private final FormAccess forms;

    ResponseReaders(BearerRequestIdentity identity, FormAccess forms) {
        this.identity = identity;
        this.forms = forms;
    }

    @Override
    public boolean admits(HttpServletRequest request, Map<String, String> pathVariables) {
        return identity.caller(request)
                .map(caller -> forms.allows(caller, pathVariables.get("formId"), Permission.READ_RESPONSES, request))
                .orElse(false);
    }
}
