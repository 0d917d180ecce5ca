package io.formsapi.peer;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PublicFormController {

    private final PublicForms forms;

    PublicFormController(PublicForms forms) {
        this.forms = forms;
    }

    @GetMapping("/api/v1/forms/{formId}/public")
    ResponseEntity<PublicForm> published(@PathVariable String formId) {
        PublicForm form = forms.published(formId);
        return form == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(form);
    }
}
