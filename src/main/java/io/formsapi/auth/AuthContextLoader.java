package io.formsapi.auth;

import java.time.Clock;
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
 * {@link #load(String)}. Cached as the seed's {@code user:session:{user_id}} ({@code user_session}), refreshed
 * whenever the user's sessions change.
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
        CacheRequest<AuthContext> request = CacheRequest.of(type, keys.key("user", "session", userId),
                AuthContext.class, CacheTags.user(userId));
        return cache.getOptional(request, () -> fromDatabase(userId));
    }

    private Optional<AuthContext> fromDatabase(String userId) {
        return users.byId(userId).map(user -> new AuthContext(user.id(), user.email(), user.name(),
                properties.isAdmin(user.email()),
                sessions.liveOf(userId, clock.instant()).stream()
                        .map(s -> new AuthContext.ActiveSession(s.id(), s.createdAt(), s.lastSeenAt(), s.expiresAt()))
                        .toList()));
    }
}
