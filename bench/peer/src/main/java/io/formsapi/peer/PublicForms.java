package io.formsapi.peer;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

@Service
class PublicForms {

    private final MongoTemplate mongo;

    PublicForms(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A published form, or null (not cached) for one that does not exist or is not published. */
    @Cacheable(cacheNames = "form_schema", key = "#formId", unless = "#result == null")
    public PublicForm published(String formId) {
        StoredForm form = mongo.findById(formId, StoredForm.class);
        return form != null && form.published() ? form.publicView() : null;
    }
}
