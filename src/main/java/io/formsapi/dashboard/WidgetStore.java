package io.formsapi.dashboard;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

import io.formsapi.web.PageRequest;

@Repository
class WidgetStore implements InitializingBean {

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc(Widget.CREATED_AT), Sort.Order.desc("_id"));

    private final MongoTemplate mongo;

    WidgetStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(Widget.class);
        indexes.createIndex(new Index(Widget.OWNER_ID, Sort.Direction.ASC)
                .on(Widget.CREATED_AT, Sort.Direction.DESC).named("by_owner_newest"));
        indexes.createIndex(new Index(Widget.FORM_ID, Sort.Direction.ASC)
                .on(Widget.CREATED_AT, Sort.Direction.DESC).named("by_form_newest"));
    }

    Widget insert(Widget widget) {
        return mongo.insert(widget);
    }

    Optional<Widget> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, Widget.class));
    }

    List<Widget> newestOwnedBy(String ownerId, PageRequest page) {
        return mongo.find(Query.query(ownedBy(ownerId)).with(NEWEST_FIRST).skip(page.offset()).limit(page.size()),
                Widget.class);
    }

    List<Widget> onForms(List<String> formIds, int limit) {
        return mongo.find(Query.query(Criteria.where(Widget.FORM_ID).in(formIds)).with(NEWEST_FIRST).limit(limit),
                Widget.class);
    }

    long countOwnedBy(String ownerId) {
        return mongo.count(Query.query(ownedBy(ownerId)), Widget.class);
    }

    boolean delete(String id, String ownerId) {
        return mongo.remove(Query.query(ownedBy(ownerId).and("_id").is(id)), Widget.class).getDeletedCount() > 0;
    }

    /** Deletes every widget of the form; their ids. */
    List<String> deleteOnForm(String formId) {
        Query idsOnly = onForm(formId);
        idsOnly.fields().include("_id");
        List<String> ids = mongo.find(idsOnly, Widget.class).stream().map(Widget::id).toList();
        mongo.remove(onForm(formId), Widget.class);
        return ids;
    }

    private static Query onForm(String formId) {
        return Query.query(Criteria.where(Widget.FORM_ID).is(formId));
    }

    private static Criteria ownedBy(String ownerId) {
        return Criteria.where(Widget.OWNER_ID).is(ownerId);
    }
}
