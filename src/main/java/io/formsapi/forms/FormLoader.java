package io.formsapi.forms;

import java.util.Optional;

import org.springframework.stereotype.Service;

/** The one place a form (schema, status, members) is read by id. */
@Service
public class FormLoader {

    private final FormStore store;

    FormLoader(FormStore store) {
        this.store = store;
    }

    public Optional<Form> load(String formId) {
        return store.byId(formId);
    }
}
