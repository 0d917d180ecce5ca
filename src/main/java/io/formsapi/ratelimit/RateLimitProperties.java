package io.formsapi.ratelimit;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.formsapi.cache.ratelimit.RateLimit;

/**
 * The API's rate limits ({@code forms.rate-limits.*}). Each allows {@code capacity} requests in a burst and
 * {@code capacity} more per {@code period}, refilled gradually. Defaults, and why, are in docs/SECURITY.md.
 *
 * @param enabled RATE_LIMITS_ENABLED: false answers every request without counting it
 */
@ConfigurationProperties("forms.rate-limits")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, Limit loginPerAddress,
        Limit loginPerAccount, Limit registerPerAddress, Limit registerPerAccount, Limit submissionsPerFormAndAddress,
        Limit searchPerCaller) {

    public RateLimitProperties {
        loginPerAddress = orDefault(loginPerAddress, 20, Duration.ofMinutes(1));
        loginPerAccount = orDefault(loginPerAccount, 10, Duration.ofMinutes(15));
        registerPerAddress = orDefault(registerPerAddress, 10, Duration.ofHours(1));
        registerPerAccount = orDefault(registerPerAccount, 5, Duration.ofHours(1));
        submissionsPerFormAndAddress = orDefault(submissionsPerFormAndAddress, 30, Duration.ofMinutes(1));
        searchPerCaller = orDefault(searchPerCaller, 60, Duration.ofMinutes(1));
    }

    public record Limit(long capacity, Duration period) {
    }

    List<RateLimit> limits() {
        return List.of(limit(RateLimits.LOGIN_PER_ADDRESS, loginPerAddress),
                limit(RateLimits.LOGIN_PER_ACCOUNT, loginPerAccount),
                limit(RateLimits.REGISTER_PER_ADDRESS, registerPerAddress),
                limit(RateLimits.REGISTER_PER_ACCOUNT, registerPerAccount),
                limit(RateLimits.SUBMISSIONS_PER_FORM_AND_ADDRESS, submissionsPerFormAndAddress),
                limit(RateLimits.SEARCH_PER_CALLER, searchPerCaller));
    }

    private static RateLimit limit(String name, Limit settings) {
        return new RateLimit(name, settings.capacity(), settings.period());
    }

    private static Limit orDefault(Limit configured, long capacity, Duration period) {
        return configured != null ? configured : new Limit(capacity, period);
    }
}
