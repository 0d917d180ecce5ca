package io.formsapi.search;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.formsapi.auth.Caller;
import io.formsapi.cache.web.CachedResponse;
import io.formsapi.caching.tags.Audiences;
import io.formsapi.caching.tags.Tags;
import io.formsapi.forms.Form;
import io.formsapi.forms.FormAccess;
import io.formsapi.forms.Permission;
import io.formsapi.web.PageRequest;
import io.formsapi.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/forms/{formId}/search")
@Tag(name = "search")
class SearchController {

    private final FormAccess access;
    private final QueryParser parser;
    private final SearchService search;
    private final SearchProperties properties;
    private final Paging paging;

    SearchController(FormAccess access, QueryParser parser, SearchService search, SearchProperties properties,
            Paging paging) {
        this.access = access;
        this.parser = parser;
        this.search = search;
        this.properties = properties;
        this.paging = paging;
    }

    @GetMapping
    @CachedResponse(tags = {Tags.FORM_OF_PATH, Tags.RESPONSES_OF_PATH}, staleAcross = Tags.RESPONSES_OF_PATH,
            access = Audiences.RESPONSE_READERS)
    @Operation(summary = "Responses matching words, comparisons, dates and choices, best first "
            + "(owner, editor, viewer); the grammar is in docs/SEARCH.md")
    SearchResponse search(Caller caller, @PathVariable String formId, @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        String query = properties.requireQuery(q);
        PageRequest window = paging.request(page, size);
        Form form = access.require(caller, formId, Permission.READ_RESPONSES);
        ParsedQuery parsed = parser.parse(query, form.fields());
        return SearchResponse.of(query, parsed, search.search(form, parsed, window), window);
    }
}
