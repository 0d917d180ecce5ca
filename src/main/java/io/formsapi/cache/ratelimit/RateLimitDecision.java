package io.formsapi.cache.ratelimit;

import java.time.Duration;

/**
 * The answer to one request against a limit.
 *
 * @param allowed    whether the request may proceed (it has then used one unit of the budget)
 * @param remaining  what is left of the budget after this request
 * @param retryAfter for a refused request, how long until the next one would be allowed; zero otherwise
 */
public record RateLimitDecision(RateLimit limit, boolean allowed, long remaining, Duration retryAfter) {

    /** {@link #retryAfter} in whole seconds, rounded up and at least 1, as the Retry-After header wants it. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
