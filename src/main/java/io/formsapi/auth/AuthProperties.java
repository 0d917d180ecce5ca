package io.formsapi.auth;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param idleTimeout     a session unused for this long expires
 * @param absoluteTimeout a session never lives longer than this, however active
 * @param adminEmails     users with these emails get the admin role (ADMIN_EMAILS, comma separated)
 */
@ConfigurationProperties("forms.auth")
public record AuthProperties(@DefaultValue("30m") Duration idleTimeout, @DefaultValue("12h") Duration absoluteTimeout,
        @DefaultValue("") List<String> adminEmails) {

    public boolean isAdmin(String email) {
        return adminEmails.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).anyMatch(email::equals);
    }

    /** Sliding expiry is written at most this often per session, not on every request. */
    Duration touchInterval() {
        Duration tenth = idleTimeout.dividedBy(10);
        return tenth.compareTo(Duration.ofMinutes(1)) < 0 ? tenth : Duration.ofMinutes(1);
    }
}
