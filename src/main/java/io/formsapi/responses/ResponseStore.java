package io.formsapi.responses;

import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

import io.formsapi.forms.FormDeleted;
import io.formsapi.forms.ResponseCounts;
import io.formsapi.web.PageRequest;

@Repository
class ResponseStore implements InitializingBean, ResponseCounts {

    private final MongoTemplate mongo;

    ResponseStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(FormResponse.class);
        indexes.createIndex(new Index(FormResponse.FORM_ID, Sort.Direction.ASC)
                .on(FormResponse.SUBMITTED_AT, Sort.Direction.DESC).named("by_form_newest"));
        indexes.createIndex(new Index(FormResponse.FORM_ID, Sort.Direction.ASC)
                .on(FormResponse.TERMS, Sort.Direction.ASC).named("by_form_terms"));
    }

    FormResponse insert(FormResponse response) {
        return mongo.insert(response);
    }

    List<FormResponse> newestOf(String formId, PageRequest page) {
        return mongo.find(Query.query(Criteria.where(FormResponse.FORM_ID).is(formId)).with(FormResponse.NEWEST_FIRST)
                .skip(page.offset()).limit(page.size()), FormResponse.class);
    }

    /** Counted through {@code by_form_newest}, whose first key is the form. */
    @Override
    public long countOf(String formId) {
        return mongo.count(Query.query(Criteria.where(FormResponse.FORM_ID).is(formId)), FormResponse.class);
    }

    @EventListener
    void onFormDeleted(FormDeleted event) {
        mongo.remove(Query.query(Criteria.where(FormResponse.FORM_ID).is(event.formId())), FormResponse.class);
    }
}
