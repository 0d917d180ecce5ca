package io.formsapi.forms;

import org.springframework.stereotype.Service;

import io.formsapi.cache.CacheRegion;

/**
 * The one place a form's response count is read by id, through its own small cache entry tagged with the form's
 * responses alone: a submission refreshes it, not the cached schema ({@link FormLoader}).
 */
@Service
class ResponseCountLoader {

    private final FormStore store;
    private final CacheRegion<String, Long> counts;

    ResponseCountLoader(FormStore store, CacheRegion<String, Long> counts) {
        this.store = store;
        this.counts = counts;
    }

    /** The form's number of responses; 0 for a form that is gone. */
    long count(String formId) {
        return counts.find(formId, store::responseCount).orElse(0L);
    }
}
