package io.formsapi.auth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a request needs to authenticate a user and to say who they are: their account, whether they are an
 * admin, and their live sessions. Loaded per user by {@link AuthContextLoader}.
 */
public record AuthContext(String userId, String email, String name, boolean admin, Instant createdAt,
        List<ActiveSession> sessions) {

    /** A cached context without the account's creation time was written before it was added: not usable. */
    public AuthContext {
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public record ActiveSession(String tokenHash, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    Optional<ActiveSession> liveSession(String tokenHash, Instant now) {
        return sessions.stream()
                .filter(s -> s.tokenHash().equals(tokenHash) && s.expiresAt().isAfter(now))
                .findFirst();
    }

    Caller caller() {
        return new Caller(userId, email, name, admin, createdAt);
    }
}
