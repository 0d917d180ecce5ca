package io.formsapi.auth;

import java.time.Clock;
import java.util.Set;
import java.util.regex.Pattern;

import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Writes the bootstrap administrator (ADMIN_EMAIL) at start-up: creates the account, or takes over an existing
 * one, with the configured password and the admin role. An account that was the bootstrap administrator under
 * an earlier ADMIN_EMAIL loses the role. Without ADMIN_EMAIL nothing changes. Runs before the web server accepts requests, after event listeners are
 * in place, so that the caches hear of every role it changes.
 */
@Component
class AdminBootstrap implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    /** Before the web server, which starts in phase {@code DEFAULT_PHASE - 1024}. */
    private static final int BEFORE_WEB_SERVER = SmartLifecycle.DEFAULT_PHASE - 2048;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private final Users users;
    private final AuthProperties.Admin admin;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();
    private volatile boolean done;

    AdminBootstrap(Users users, AuthProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.users = users;
        this.admin = properties.admin();
        this.events = events;
        this.clock = clock;
        if (admin.configured()) {
            requireUsableCredentials();
        }
    }

    @Override
    public void start() {
        done = true;
        if (!admin.configured()) {
            // An instance without ADMIN_EMAIL (a one-off job, say) leaves the roles as they are.
            return;
        }
        String email = admin.normalised();
        for (User former : users.formerBootstrapAdmins(email)) {
            users.dropBootstrap(former.id());
            events.publishEvent(new RolesChanged(former.id()));
            log.info("User {} is no longer the bootstrap administrator", former.id());
        }
        User bootstrapped = users.byEmail(email)
                .map(existing -> users.makeBootstrapAdmin(existing.id(), hashFor(existing)))
                .orElseGet(() -> users.insert(new User(new ObjectId().toHexString(), email, "Administrator",
                        hashFor(null), clock.instant(), Set.of(User.ADMIN), true)));
        events.publishEvent(new RolesChanged(bootstrapped.id()));
        log.info("User {} is the bootstrap administrator", bootstrapped.id());
    }

    /** The configured hash, or the existing one if it already matches the configured password. */
    private String hashFor(User existing) {
        if (!admin.passwordHash().isBlank()) {
            return admin.passwordHash().strip();
        }
        if (existing != null && passwords.matches(admin.password(), existing.passwordHash())) {
            return existing.passwordHash();
        }
        return passwords.encode(admin.password());
    }

    private void requireUsableCredentials() {
        boolean hasPassword = !admin.password().isEmpty();
        boolean hasHash = !admin.passwordHash().isBlank();
        if (hasPassword == hasHash) {
            throw new IllegalStateException("ADMIN_EMAIL needs exactly one of ADMIN_PASSWORD and ADMIN_PASSWORD_HASH");
        }
        if (hasPassword && !PasswordPolicy.acceptable(admin.password())) {
            throw new IllegalStateException("ADMIN_PASSWORD " + PasswordPolicy.RULE);
        }
        if (hasHash && !BCRYPT.matcher(admin.passwordHash().strip()).matches()) {
            throw new IllegalStateException("ADMIN_PASSWORD_HASH must be a bcrypt hash ($2a$, $2b$ or $2y$)");
        }
        if (!AuthService.EMAIL.matcher(admin.normalised()).matches()) {
            throw new IllegalStateException("ADMIN_EMAIL must be a valid email address");
        }
    }

    @Override
    public void stop() {
        done = false;
    }

    @Override
    public boolean isRunning() {
        return done;
    }

    @Override
    public int getPhase() {
        return BEFORE_WEB_SERVER;
    }
}
