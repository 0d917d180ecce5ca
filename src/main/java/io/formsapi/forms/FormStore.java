package io.formsapi.forms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

import io.formsapi.web.PageRequest;

@Repository
class FormStore implements InitializingBean {

    private final MongoTemplate mongo;

    FormStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(Form.class);
        indexes.createIndex(new Index("ownerId", Sort.Direction.ASC).on("updatedAt", Sort.Direction.DESC)
                .named("by_owner"));
        indexes.createIndex(new Index("members.userId", Sort.Direction.ASC).named("by_member"));
    }

    Form insert(Form form) {
        return mongo.insert(form);
    }

    Optional<Form> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, Form.class));
    }

    List<Form> byIds(List<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), Form.class);
    }

    /**
     * Applies {@code update} only if the stored version is still {@code expectedVersion}, bumping the version.
     * Returns false when another change got there first.
     */
    boolean updateIfVersion(String id, long expectedVersion, Update update, Instant now) {
        Query query = Query.query(Criteria.where("_id").is(id).and("version").is(expectedVersion));
        update.inc("version", 1).set("updatedAt", now);
        return mongo.updateFirst(query, update, Form.class).getModifiedCount() > 0;
    }

    boolean delete(String id) {
        return mongo.remove(idQuery(id), Form.class).getDeletedCount() > 0;
    }

    List<Form> visibleTo(String userId, PageRequest page) {
        Query query = Query.query(visibleCriteria(userId))
                .with(Sort.by(Sort.Order.desc("updatedAt"), Sort.Order.desc("_id")))
                .skip(page.offset()).limit(page.size());
        return mongo.find(query, Form.class);
    }

    long countVisibleTo(String userId) {
        return mongo.count(Query.query(visibleCriteria(userId)), Form.class);
    }

    private static Query idQuery(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    private static Criteria visibleCriteria(String userId) {
        return new Criteria().orOperator(Criteria.where("ownerId").is(userId),
                Criteria.where("members.userId").is(userId));
    }
}
