package io.formsapi.forms;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.formsapi.CacheTags;
import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheRequest;
import io.formsapi.cache.CacheService;
import io.formsapi.cache.CacheType;
import io.formsapi.cache.CacheTypes;

/**
 * The one place a form (schema, status, members) is read by id: the seed's {@code form:schema:{form_id}},
 * cached as {@code form_schema}. It depends on the form document alone: submissions change the response count,
 * which is not part of it ({@link ResponseCountLoader}).
 */
@Service
public class FormLoader {

    private final FormStore store;
    private final CacheService cache;
    private final CacheKeys keys;
    private final CacheType type;

    FormLoader(FormStore store, CacheService cache, CacheKeys keys, CacheTypes types) {
        this.store = store;
        this.cache = cache;
        this.keys = keys;
        this.type = types.get("form_schema");
    }

    public Optional<Form> load(String formId) {
        return cache.getOptional(request(formId), () -> store.byId(formId));
    }

    /** Loads the given forms into the cache in one pipeline; returns how many were stored. */
    public int warm(List<String> formIds) {
        List<CacheRequest<Form>> requests = formIds.stream().map(this::request).toList();
        return cache.batchSet(requests, batch -> {
            Map<String, Optional<Form>> byKey = new HashMap<>();
            store.byIds(formIds).forEach(form -> byKey.put(request(form.id()).key(), Optional.of(form)));
            return byKey;
        });
    }

    private CacheRequest<Form> request(String formId) {
        return CacheRequest.of(type, keys.key("form", "schema", formId), Form.class, CacheTags.form(formId));
    }
}
