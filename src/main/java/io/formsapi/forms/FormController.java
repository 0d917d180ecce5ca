package io.formsapi.forms;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Caller;
import io.formsapi.cache.web.CachedResponse;
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
    FormView create(Caller caller, @RequestBody FormDraft draft) {
        return FormView.of(forms.create(caller, draft), caller.userId());
    }

    @GetMapping
    @Operation(summary = "Forms the caller owns or is a member of, most recently changed first")
    PageResponse<FormSummary> list(Caller caller, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return forms.visibleTo(caller, paging.request(page, size)).map(f -> FormSummary.of(f, caller.userId()));
    }

    @GetMapping("/{formId}")
    @CachedResponse(tags = {"form:{formId}", "responses:{formId}"})
    @Operation(summary = "A form with its schema and members")
    FormView get(Caller caller, @PathVariable String formId) {
        return FormView.of(forms.get(caller, formId), caller.userId());
    }

    @GetMapping("/{formId}/public")
    @CachedResponse(tags = "form:{formId}", shared = true)
    @Operation(summary = "What a respondent needs to fill in a published form; no authentication")
    PublicFormView getPublished(@PathVariable String formId) {
        return PublicFormView.of(forms.getPublished(formId));
    }

    @PutMapping("/{formId}")
    @Operation(summary = "Replace title, description and fields (owner or editor)")
    FormView update(Caller caller, @PathVariable String formId, @RequestBody FormDraft draft) {
        return FormView.of(forms.update(caller, formId, draft), caller.userId());
    }

    @DeleteMapping("/{formId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete the form, its responses and widgets (owner)")
    void delete(Caller caller, @PathVariable String formId) {
        forms.delete(caller, formId);
    }

    @PostMapping("/{formId}/publish")
    @Operation(summary = "Open the form for responses (owner or editor)")
    FormView publish(Caller caller, @PathVariable String formId) {
        return FormView.of(forms.publish(caller, formId), caller.userId());
    }

    @PostMapping("/{formId}/close")
    @Operation(summary = "Stop accepting responses (owner or editor)")
    FormView close(Caller caller, @PathVariable String formId) {
        return FormView.of(forms.close(caller, formId), caller.userId());
    }

    @PutMapping("/{formId}/members/{userId}")
    @Operation(summary = "Add a member or change their role (owner)")
    FormView setMember(Caller caller, @PathVariable String formId, @PathVariable String userId,
            @RequestBody MemberRequest request) {
        return FormView.of(forms.setMember(caller, formId, userId, request.role()), caller.userId());
    }

    @DeleteMapping("/{formId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (owner), or leave the form (the member themselves)")
    void removeMember(Caller caller, @PathVariable String formId, @PathVariable String userId) {
        forms.removeMember(caller, formId, userId);
    }
}
