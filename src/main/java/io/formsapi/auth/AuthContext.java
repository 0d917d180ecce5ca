package io.formsapi.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything a request needs to authenticate a user: who they are, whether they are an admin, and their live
 * sessions. Loaded per user by {@link AuthContextLoader}.
 */
public record AuthContext(String userId, String email, String name, boolean admin, List<ActiveSession> sessions) {

    public record ActiveSession(String tokenHash, Instant createdAt, Instant lastSeenAt, Instant expiresAt) {
    }

    Optional<ActiveSession> liveSession(String tokenHash, Instant now) {
        return sessions.stream()
                .filter(s -> s.tokenHash().equals(tokenHash) && s.expiresAt().isAfter(now))
                .findFirst();
    }

    Caller caller() {
        return new Caller(userId, email, name, admin);
    }
}
