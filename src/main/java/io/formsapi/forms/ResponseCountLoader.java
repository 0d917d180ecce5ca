package io.formsapi.forms;

import org.springframework.stereotype.Service;

import io.formsapi.CacheTags;
import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheRequest;
import io.formsapi.cache.CacheService;
import io.formsapi.cache.CacheType;
import io.formsapi.cache.CacheTypes;

/**
 * The one place a form's response count is read by id, cached as {@code response_count} and tagged with the
 * form's responses alone: a submission refreshes this small entry, not the cached schema ({@link FormLoader}).
 */
@Service
class ResponseCountLoader {

    private final FormStore store;
    private final CacheService cache;
    private final CacheKeys keys;
    private final CacheType type;

    ResponseCountLoader(FormStore store, CacheService cache, CacheKeys keys, CacheTypes types) {
        this.store = store;
        this.cache = cache;
        this.keys = keys;
        this.type = types.get("response_count");
    }

    /** The form's number of responses; 0 for a form that is gone. */
    long count(String formId) {
        return cache.getOptional(request(formId), () -> store.responseCount(formId)).orElse(0L);
    }

    private CacheRequest<Long> request(String formId) {
        return CacheRequest.of(type, keys.key("form", "response_count", formId), Long.class,
                CacheTags.responses(formId));
    }
}
