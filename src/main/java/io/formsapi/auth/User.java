package io.formsapi.auth;

import java.time.Instant;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An account. {@code roles} holds the roles granted beyond {@code user} (today only {@code admin});
 * {@code bootstrap} marks the account whose admin role comes from configuration (ADMIN_EMAIL).
 */
@Document("users")
record User(@Id String id, String email, String name, String passwordHash, Instant createdAt, Set<String> roles,
        boolean bootstrap) {

    static final String ADMIN = "admin";

    User {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    boolean admin() {
        return roles.contains(ADMIN);
    }
}
