package io.formsapi.ratelimit;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.formsapi.cache.ratelimit.RateLimitDecision;
import io.formsapi.web.ApiException;

/** A request over one of the rate limits: 429 with a Retry-After header. */
public class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    RateLimitedException(RateLimitDecision decision) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "rate limit " + decision.limit().name() + " ("
                + decision.limit().describe() + ") exceeded; retry in " + decision.retryAfterSeconds() + " s");
        this.retryAfterSeconds = decision.retryAfterSeconds();
    }

    @Override
    public HttpHeaders headers() {
        HttpHeaders headers = super.headers();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        return headers;
    }
}
