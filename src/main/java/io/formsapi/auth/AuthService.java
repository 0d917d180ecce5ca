package io.formsapi.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.bson.types.ObjectId;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

import io.formsapi.ratelimit.RateLimits;
import io.formsapi.web.ApiException;
import io.formsapi.web.FieldProblem;
import io.formsapi.web.PrintableText;

@Service
public class AuthService {

    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private final Users users;
    private final Sessions sessions;
    private final AuthContextLoader contexts;
    private final AuthProperties properties;
    /** Computed once: it is checked on every authenticated request. */
    private final Duration touchInterval;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RateLimits rateLimits;
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    /** Compared against when the email is unknown, so that a login takes as long whether or not it exists. */
    private final String decoyHash = passwords.encode("decoy-password");

    AuthService(Users users, Sessions sessions, AuthContextLoader contexts, AuthProperties properties,
            ApplicationEventPublisher events, Clock clock, RateLimits rateLimits) {
        this.events = events;
        this.users = users;
        this.sessions = sessions;
        this.contexts = contexts;
        this.properties = properties;
        this.touchInterval = properties.touchInterval();
        this.clock = clock;
        this.rateLimits = rateLimits;
    }

    public record Registration(String email, String name, String password) {
    }

    public record LoginResult(String token, Instant expiresAt, UserView user) {
    }

    public UserView register(Registration request) {
        List<FieldProblem> errors = new ArrayList<>();
        String email = normaliseEmail(request.email());
        rateLimits.checkRegistration(email);
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            errors.add(new FieldProblem("email", "must be a valid email address"));
        } else {
            PrintableText.SINGLE_LINE.check("email", email, errors);
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 100) {
            errors.add(new FieldProblem("name", "must be 1 to 100 characters"));
        } else {
            PrintableText.SINGLE_LINE.check("name", name, errors);
        }
        if (!PasswordPolicy.acceptable(request.password())) {
            errors.add(new FieldProblem("password", PasswordPolicy.RULE));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // The bootstrap administrator's address is taken by configuration, whether or not its account exists yet.
        if (properties.admin().isBootstrap(email)) {
            throw emailTaken();
        }
        User user = new User(new ObjectId().toHexString(), email, name, passwords.encode(request.password()),
                clock.instant(), Set.of(), false);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            throw emailTaken();
        }
        return view(user);
    }

    public LoginResult login(String rawEmail, String password) {
        String email = normaliseEmail(rawEmail);
        rateLimits.checkLogin(email);
        User user = email == null ? null : users.byEmail(email).orElse(null);
        String candidate = password == null ? "" : password;
        boolean matches = passwords.matches(candidate, user == null ? decoyHash : user.passwordHash());
        if (user == null || !matches) {
            throw ApiException.unauthorized("invalid email or password");
        }
        Instant now = clock.instant();
        Tokens.Issued token = Tokens.issue(user.id());
        Instant expiresAt = now.plus(properties.idleTimeout());
        sessions.insert(new Session(token.hash(), user.id(), now, now, expiresAt));
        sessions.endAllButNewest(user.id(), now, properties.maxSessionsPerUser());
        events.publishEvent(new SessionsChanged(user.id()));
        return new LoginResult(token.token(), expiresAt, view(user));
    }

    public void logout(String token) {
        Tokens.Presented presented = Tokens.parse(token).orElseThrow(AuthService::invalidToken);
        sessions.delete(presented.hash(), presented.userId());
        events.publishEvent(new SessionsChanged(presented.userId()));
    }

    /** Resolves a bearer token to its caller, sliding the session's idle expiry forward. */
    public Caller authenticate(String token) {
        Tokens.Presented presented = Tokens.parse(token).orElseThrow(AuthService::invalidToken);
        Instant now = clock.instant();
        AuthContext context = contexts.load(presented.userId()).orElseThrow(AuthService::invalidToken);
        AuthContext.ActiveSession session = context.liveSession(presented.hash(), now)
                .orElseThrow(AuthService::invalidToken);
        if (session.lastSeenAt().plus(touchInterval).isBefore(now)) {
            Instant idleExpiry = now.plus(properties.idleTimeout());
            Instant hardExpiry = session.createdAt().plus(properties.absoluteTimeout());
            sessions.touch(session.tokenHash(), now, idleExpiry.isBefore(hardExpiry) ? idleExpiry : hardExpiry);
            events.publishEvent(new SessionsChanged(presented.userId()));
        }
        return context.caller();
    }

    /** The caller's account, as the auth context that authenticated this request holds it: no database read. */
    public UserView me(Caller caller) {
        return new UserView(caller.userId(), caller.email(), caller.name(), roles(caller.admin()),
                caller.createdAt());
    }

    /** Grants ({@code admin} true) or revokes the admin role; effective on the next request on every instance. */
    public UserView setAdmin(Caller caller, String userId, boolean admin) {
        requireAdmin(caller);
        User target = users.byId(userId).orElseThrow(() -> ApiException.notFound("user"));
        if (!admin && target.bootstrap()) {
            throw ApiException.conflict("the bootstrap administrator's role is set by ADMIN_EMAIL");
        }
        User changed = users.setAdmin(userId, admin).orElseThrow(() -> ApiException.notFound("user"));
        events.publishEvent(new RolesChanged(userId));
        return view(changed);
    }

    public static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw ApiException.forbidden("this needs the admin role");
        }
    }

    private static UserView view(User user) {
        return new UserView(user.id(), user.email(), user.name(), roles(user.admin()), user.createdAt());
    }

    private static List<String> roles(boolean admin) {
        return admin ? List.of("user", User.ADMIN) : List.of("user");
    }

    private static ApiException emailTaken() {
        return new ApiException(HttpStatus.CONFLICT, "email-taken", "email is already registered",
                List.of(new FieldProblem("email", "is already registered")));
    }

    private static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    private static ApiException invalidToken() {
        return ApiException.unauthorized("the bearer token is invalid or expired");
    }
}
