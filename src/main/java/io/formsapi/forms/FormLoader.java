package io.formsapi.forms;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import io.formsapi.cache.CacheRegion;

/**
 * The one place a form (schema, status, members) is read by id through the form schema cache; only the public
 * view, cached whole as its answer, reads the store directly ({@link FormService#getPublished}). It depends on the
 * form document alone: submissions change the response count, which is not part of it
 * ({@link ResponseCountLoader}).
 */
@Service
public class FormLoader {

    private final FormStore store;
    private final CacheRegion<String, Form> schemas;

    FormLoader(FormStore store, CacheRegion<String, Form> schemas) {
        this.store = store;
        this.schemas = schemas;
    }

    public Optional<Form> load(String formId) {
        return schemas.find(formId, store::byId);
    }

    /** Loads the given forms into the cache in one pipeline; returns how many were stored. */
    public int warm(List<String> formIds) {
        return schemas.warm(formIds, ids -> store.byIds(List.copyOf(ids)).stream()
                .collect(Collectors.toMap(Form::id, Function.identity())));
    }
}
