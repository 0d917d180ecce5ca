package io.formsapi.forms;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Caller;
import io.formsapi.cache.web.CachedResponse;
import io.formsapi.caching.tags.Tags;
import io.formsapi.web.PageResponse;
import io.formsapi.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/forms")
@Tag(name = "forms")
class FormController {

    private final FormService forms;
    private final Paging paging;

    FormController(FormService forms, Paging paging) {
        this.forms = forms;
        this.paging = paging;
    }

    record MemberRequest(MemberRole role) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a draft form owned by the caller")
    FormView create(Caller caller, @RequestBody FormDraft draft, HttpServletResponse response) {
        return tagged(forms.create(caller, draft), caller, response);
    }

    @GetMapping
    @Operation(summary = "Forms the caller owns or is a member of, most recently changed first")
    PageResponse<FormSummary> list(Caller caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return forms.visibleTo(caller, paging.request(page, size)).map(f -> FormSummary.of(f, caller.userId()));
    }

    @GetMapping("/{formId}")
    @CachedResponse(tags = {Tags.FORM_OF_PATH, Tags.RESPONSES_OF_PATH})
    @Operation(summary = "A form with its schema and members; its ETag serves as If-Match of an update")
    FormView get(Caller caller, @PathVariable String formId, HttpServletResponse response) {
        return tagged(forms.get(caller, formId), caller, response);
    }

    @GetMapping("/{formId}/public")
    @CachedResponse(tags = Tags.FORM_OF_PATH, shared = true)
    @Operation(summary = "What a respondent needs to fill in a published form; no authentication")
    PublicFormView getPublished(@PathVariable String formId) {
        return PublicFormView.of(forms.getPublished(formId));
    }

    @PutMapping("/{formId}")
    @Operation(summary = "Replace title, description and fields (owner or editor); the body may be the form as "
            + "read, read-only properties unchanged; If-Match and version guard against concurrent changes")
    FormView update(Caller caller, @PathVariable String formId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody FormReplacement replacement, HttpServletResponse response) {
        return tagged(forms.update(caller, formId, replacement, ifMatch), caller, response);
    }

    @DeleteMapping("/{formId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete the form, its responses and widgets (owner)")
    void delete(Caller caller, @PathVariable String formId) {
        forms.delete(caller, formId);
    }

    @PostMapping("/{formId}/publish")
    @Operation(summary = "Open the form for responses (owner or editor)")
    FormView publish(Caller caller, @PathVariable String formId, HttpServletResponse response) {
        return tagged(forms.publish(caller, formId), caller, response);
    }

    @PostMapping("/{formId}/close")
    @Operation(summary = "Stop accepting responses (owner or editor)")
    FormView close(Caller caller, @PathVariable String formId, HttpServletResponse response) {
        return tagged(forms.close(caller, formId), caller, response);
    }

    @PutMapping("/{formId}/members/{userId}")
    @Operation(summary = "Add a member or change their role (owner)")
    FormView setMember(Caller caller, @PathVariable String formId, @PathVariable String userId,
            @RequestBody MemberRequest request, HttpServletResponse response) {
        return tagged(forms.setMember(caller, formId, userId, request.role()), caller, response);
    }

    @DeleteMapping("/{formId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (owner), or leave the form (the member themselves)")
    void removeMember(Caller caller, @PathVariable String formId, @PathVariable String userId) {
        forms.removeMember(caller, formId, userId);
    }

    /**
     * The caller's view of the form, with its ETag. Set on the servlet response rather than a ResponseEntity, so
     * that If-None-Match is answered in one place, the response cache, which keeps a handler's ETag.
     */
    private static FormView tagged(CountedForm form, Caller caller, HttpServletResponse response) {
        response.setHeader(HttpHeaders.ETAG, FormETag.of(form, caller.userId()));
        return FormView.of(form, caller.userId());
    }
}
