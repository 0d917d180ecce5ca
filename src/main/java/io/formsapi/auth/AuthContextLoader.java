package io.formsapi.auth;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.formsapi.cache.CacheRegion;

/**
 * The one place a user's auth context is read from the database: every authenticated request resolves through
 * {@link #load(String)}, and {@code GET /api/v1/users/me} answers from what it loaded. Read through the auth
 * context cache, which is refreshed whenever the user's sessions or roles change.
 */
@Service
public class AuthContextLoader {

    private final Users users;
    private final Sessions sessions;
    private final AuthProperties properties;
    private final Clock clock;
    private final CacheRegion<String, AuthContext> contexts;

    AuthContextLoader(Users users, Sessions sessions, AuthProperties properties, Clock clock,
            CacheRegion<String, AuthContext> contexts) {
        this.contexts = contexts;
        this.users = users;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
    }

    public Optional<AuthContext> load(String userId) {
        return contexts.find(userId, this::fromDatabase);
    }

    /** Users with a live session, most recently active first: the ones worth having in the cache. */
    public List<String> activeUserIds(int limit) {
        return sessions.activeUserIds(clock.instant(), limit);
    }

    /** Loads the given users' contexts into the cache in one pipeline; returns how many were stored. */
    public int warm(List<String> userIds) {
        return contexts.warm(userIds, ids -> {
            Map<String, AuthContext> found = new LinkedHashMap<>();
            ids.forEach(id -> fromDatabase(id).ifPresent(context -> found.put(id, context)));
            return found;
        });
    }

    private Optional<AuthContext> fromDatabase(String userId) {
        return users.byId(userId).map(user -> new AuthContext(user.id(), user.email(), user.name(),
                user.admin(), user.createdAt(),
                sessions.liveOf(userId, clock.instant(), properties.maxSessionsPerUser()).stream()
                        .map(s -> new AuthContext.ActiveSession(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt()))
                        .toList()));
    }
}
