package io.formsapi.ratelimit;

import org.springframework.stereotype.Service;

import io.formsapi.cache.ratelimit.RateLimitDecision;
import io.formsapi.cache.ratelimit.RateLimiter;
import io.formsapi.cache.ratelimit.TokenBuckets;

/**
 * The API's rate limits. Those keyed by client address or caller are applied by {@link RateLimitFilter}; those
 * keyed by account are called by authentication before it computes a password hash, so that a refused attempt
 * costs no hashing.
 */
@Service
public class RateLimits {

    static final String LOGIN_PER_ADDRESS = "login-per-address";
    static final String LOGIN_PER_ACCOUNT = "login-per-account";
    static final String REGISTER_PER_ADDRESS = "register-per-address";
    static final String REGISTER_PER_ACCOUNT = "register-per-account";
    static final String SUBMISSIONS_PER_FORM_AND_ADDRESS = "submissions-per-form-and-address";
    static final String SEARCH_PER_CALLER = "search-per-caller";

    private final boolean enabled;
    private final RateLimiter limiter;

    RateLimits(RateLimitProperties properties, TokenBuckets buckets) {
        this.enabled = properties.enabled();
        this.limiter = new RateLimiter(properties.limits(), buckets);
    }

    /**
     * Counts a login attempt on the account of {@code email} (normalised); nothing for a missing email.
     *
     * @throws RateLimitedException when the account has had too many attempts
     */
    public void checkLogin(String email) {
        checkAccount(LOGIN_PER_ACCOUNT, email);
    }

    /**
     * Counts a registration attempt for {@code email} (normalised); nothing for a missing email.
     *
     * @throws RateLimitedException when the address has been tried too often
     */
    public void checkRegistration(String email) {
        checkAccount(REGISTER_PER_ACCOUNT, email);
    }

    boolean enabled() {
        return enabled;
    }

    void check(String limitName, String key) {
        if (!enabled) {
            return;
        }
        RateLimitDecision decision = limiter.tryConsume(limitName, key);
        if (!decision.allowed()) {
            throw new RateLimitedException(decision);
        }
    }

    private void checkAccount(String limitName, String email) {
        if (email != null && !email.isBlank()) {
            check(limitName, email);
        }
    }
}
