package io.formsapi.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

@Repository
class Sessions implements InitializingBean {

    private final MongoTemplate mongo;

    Sessions(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        var indexes = mongo.indexOps(Session.class);
        indexes.createIndex(new Index("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO).named("expiry_ttl"));
        indexes.createIndex(new Index().on("userId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC)
                .named("by_user_newest"));
    }

    void insert(Session session) {
        mongo.insert(session);
    }

    /**
     * A user's live sessions, newest first, at most {@code limit}: the TTL index removes expired ones eventually,
     * the filter makes it exact.
     */
    List<Session> liveOf(String userId, Instant now, int limit) {
        return mongo.find(live(userId, now).with(Sort.by(Sort.Direction.DESC, "createdAt")).limit(limit),
                Session.class);
    }

    /** Ends the user's live sessions beyond the newest {@code keep}. */
    void endAllButNewest(String userId, Instant now, int keep) {
        Query oldest = live(userId, now).with(Sort.by(Sort.Direction.DESC, "createdAt")).skip(keep);
        oldest.fields().include("_id");
        List<String> ids = mongo.find(oldest, Session.class).stream().map(Session::id).toList();
        if (!ids.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("_id").in(ids)), Session.class);
        }
    }

    private static Query live(String userId, Instant now) {
        return Query.query(Criteria.where("userId").is(userId).and("expiresAt").gt(now));
    }

    List<String> activeUserIds(Instant now, int limit) {
        Query live = Query.query(Criteria.where("expiresAt").gt(now))
                .with(Sort.by(Sort.Direction.DESC, "lastSeenAt")).limit(limit * 4);
        live.fields().include("userId");
        return mongo.find(live, Session.class).stream().map(Session::userId).distinct().limit(limit).toList();
    }

    void touch(String id, Instant now, Instant expiresAt) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                new Update().set("lastSeenAt", now).set("expiresAt", expiresAt), Session.class);
    }

    boolean delete(String id, String userId) {
        return mongo.remove(Query.query(Criteria.where("_id").is(id).and("userId").is(userId)), Session.class)
                .getDeletedCount() > 0;
    }
}
