package io.formsapi.auth;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import io.formsapi.CacheTags;
import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheRequest;
import io.formsapi.cache.CacheService;
import io.formsapi.cache.CacheType;
import io.formsapi.cache.CacheTypes;

/**
 * The one place a user's auth context is read from the database: every authenticated request resolves through
 * {@link #load(String)}, and {@code GET /api/v1/users/me} answers from what it loaded. Cached as the seed's
 * {@code user:session:{user_id}} ({@code user_session}), refreshed whenever the user's sessions or roles change.
 */
@Service
public class AuthContextLoader {

    private final Users users;
    private final Sessions sessions;
    private final AuthProperties properties;
    private final Clock clock;
    private final CacheService cache;
    private final CacheKeys keys;
    private final CacheType type;

    AuthContextLoader(Users users, Sessions sessions, AuthProperties properties, Clock clock, CacheService cache,
            CacheKeys keys, CacheTypes types) {
        this.cache = cache;
        this.keys = keys;
        this.type = types.get("user_session");
        this.users = users;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
    }

    public Optional<AuthContext> load(String userId) {
        return cache.getOptional(request(userId), () -> fromDatabase(userId));
    }

    /** Users with a live session, most recently active first: the ones worth having in the cache. */
    public List<String> activeUserIds(int limit) {
        return sessions.activeUserIds(clock.instant(), limit);
    }

    /** Loads the given users' contexts into the cache in one pipeline; returns how many were stored. */
    public int warm(List<String> userIds) {
        List<CacheRequest<AuthContext>> requests = userIds.stream().map(this::request).toList();
        return cache.batchSet(requests, batch -> {
            Map<String, Optional<AuthContext>> byKey = new HashMap<>();
            userIds.forEach(id -> byKey.put(request(id).key(), fromDatabase(id)));
            return byKey;
        });
    }

    private CacheRequest<AuthContext> request(String userId) {
        return CacheRequest.of(type, keys.key("user", "session", userId), AuthContext.class, CacheTags.user(userId),
                CacheTags.sessions(userId));
    }

    private Optional<AuthContext> fromDatabase(String userId) {
        return users.byId(userId).map(user -> new AuthContext(user.id(), user.email(), user.name(),
                user.admin(), user.createdAt(),
                sessions.liveOf(userId, clock.instant(), properties.maxSessionsPerUser()).stream()
                        .map(s -> new AuthContext.ActiveSession(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt()))
                        .toList()));
    }
}
