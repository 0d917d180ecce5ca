package io.formsapi.cache.ratelimit;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.bucket4j.ConsumptionProbe;

/**
 * Named limits over token buckets that every instance shares through Redis (or, while Redis cannot be used, kept
 * in this process). Knows nothing of what is limited: callers name a limit and give the key it applies to.
 */
public class RateLimiter {

    private final Map<String, RateLimit> limits;
    private final TokenBuckets buckets;

    public RateLimiter(Collection<RateLimit> limits, TokenBuckets buckets) {
        this.limits = limits.stream().collect(Collectors.toUnmodifiableMap(RateLimit::name, Function.identity()));
        this.buckets = buckets;
    }

    /**
     * Takes one unit of {@code key}'s budget under the named limit, if there is one left.
     *
     * @param key any text (an address, an email, ids joined): only its hash is stored
     */
    public RateLimitDecision tryConsume(String limitName, String key) {
        RateLimit limit = limits.get(limitName);
        if (limit == null) {
            throw new IllegalArgumentException("no rate limit named " + limitName);
        }
        ConsumptionProbe probe = buckets.tryConsume(limit, key);
        Duration retryAfter = probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
        return new RateLimitDecision(limit, probe.isConsumed(), probe.getRemainingTokens(), retryAfter);
    }
}
