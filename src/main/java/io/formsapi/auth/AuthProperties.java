package io.formsapi.auth;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param idleTimeout        a session unused for this long expires
 * @param absoluteTimeout    a session never lives longer than this, however active
 * @param maxSessionsPerUser live sessions one user may hold; a login beyond it ends the oldest
 * @param admin              the account created or updated at start-up with the admin role
 */
@ConfigurationProperties("forms.auth")
public record AuthProperties(@DefaultValue("30m") Duration idleTimeout, @DefaultValue("12h") Duration absoluteTimeout,
        @DefaultValue("20") int maxSessionsPerUser, @DefaultValue Admin admin) {

    public AuthProperties {
        if (maxSessionsPerUser < 1) {
            throw new IllegalArgumentException("forms.auth.max-sessions-per-user must be at least 1");
        }
    }

    /**
     * The bootstrap administrator (ADMIN_EMAIL with ADMIN_PASSWORD or ADMIN_PASSWORD_HASH). Nobody can register
     * this address; the account is (re)written from configuration at every start.
     *
     * @param email        the account's email; empty: no bootstrap administrator
     * @param password     its password, hashed at start-up
     * @param passwordHash its bcrypt hash, instead of the password (keeps the password out of the environment)
     */
    public record Admin(@DefaultValue("") String email, @DefaultValue("") String password,
            @DefaultValue("") String passwordHash) {

        public boolean configured() {
            return !email.isBlank();
        }

        /** Whether {@code normalisedEmail} is the bootstrap administrator's address. */
        public boolean isBootstrap(String normalisedEmail) {
            return configured() && normalised().equals(normalisedEmail);
        }

        String normalised() {
            return email.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** Sliding expiry is written at most this often per session, not on every request. */
    Duration touchInterval() {
        Duration tenth = idleTimeout.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }
}
