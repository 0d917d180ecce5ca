package io.formsapi.responses;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Anonymous;
import io.formsapi.auth.Caller;
import io.formsapi.cache.web.CachedResponse;
import io.formsapi.caching.tags.Audiences;
import io.formsapi.caching.tags.Tags;
import io.formsapi.web.PageResponse;
import io.formsapi.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/forms/{formId}/responses")
@Tag(name = "responses")
class ResponseController {

    private final ResponseService responses;
    private final Paging paging;

    ResponseController(ResponseService responses, Paging paging) {
        this.responses = responses;
        this.paging = paging;
    }

    record Submission(Map<String, Object> answers) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Submit a response to a published form; authentication optional")
    ResponseView submit(@Anonymous Caller caller, @PathVariable String formId, @RequestBody Submission submission) {
        return ResponseView.of(responses.submit(caller, formId, submission.answers()));
    }

    @GetMapping
    @CachedResponse(tags = {Tags.FORM_OF_PATH, Tags.RESPONSES_OF_PATH}, staleAcross = Tags.RESPONSES_OF_PATH,
            access = Audiences.RESPONSE_READERS)
    @Operation(summary = "Responses, newest first (owner, editor, viewer)")
    PageResponse<ResponseView> list(Caller caller, @PathVariable String formId,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return responses.list(caller, formId, paging.request(page, size)).map(ResponseView::of);
    }
}
