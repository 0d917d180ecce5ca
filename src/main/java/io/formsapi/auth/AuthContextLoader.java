package io.formsapi.auth;

import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * The one place a user's auth context is read from the database: every authenticated request resolves through
 * {@link #load(String)}.
 */
@Service
public class AuthContextLoader {

    private final Users users;
    private final Sessions sessions;
    private final AuthProperties properties;
    private final Clock clock;

    AuthContextLoader(Users users, Sessions sessions, AuthProperties properties, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
    }

    public Optional<AuthContext> load(String userId) {
        return users.byId(userId).map(user -> new AuthContext(user.id(), user.email(), user.name(),
                properties.isAdmin(user.email()),
                sessions.liveOf(userId, clock.instant()).stream()
                        .map(s -> new AuthContext.ActiveSession(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt()))
                        .toList()));
    }
}
