package io.formsapi.auth;

import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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

    /** Grants or revokes the admin role; the user after the change, or empty if there is no such user. */
    Optional<User> setAdmin(String id, boolean admin) {
        Update update = admin ? new Update().addToSet("roles", User.ADMIN) : new Update().pull("roles", User.ADMIN);
        return Optional.ofNullable(mongo.findAndModify(Query.query(Criteria.where("_id").is(id)), update,
                FindAndModifyOptions.options().returnNew(true), User.class));
    }

    /** Makes an existing account the bootstrap administrator, with the given password hash. */
    User makeBootstrapAdmin(String id, String passwordHash) {
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(id)),
                new Update().set("passwordHash", passwordHash).set("bootstrap", true).addToSet("roles", User.ADMIN),
                FindAndModifyOptions.options().returnNew(true), User.class);
    }

    /** Accounts that were the bootstrap administrator under an earlier configuration. */
    List<User> formerBootstrapAdmins(String currentEmail) {
        return mongo.find(Query.query(Criteria.where("bootstrap").is(true).and("email").ne(currentEmail)),
                User.class);
    }

    /** Ends an account's bootstrap status together with the admin role that came with it. */
    void dropBootstrap(String id) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                new Update().set("bootstrap", false).pull("roles", User.ADMIN), User.class);
    }
}
