package io.formsapi.auth;

import java.util.Optional;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Repository;

@Repository
class Users implements InitializingBean {

    private final MongoTemplate mongo;

    Users(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterPropertiesSet() {
        mongo.indexOps(User.class).createIndex(new Index("email", Sort.Direction.ASC).unique().named("email_unique"));
    }

    User insert(User user) {
        return mongo.insert(user);
    }

    Optional<User> byId(String id) {
        return Optional.ofNullable(mongo.findById(id, User.class));
    }

    Optional<User> byEmail(String email) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("email").is(email)), User.class));
    }
}
