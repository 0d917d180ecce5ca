package io.formsapi.cache.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How rate limit buckets use Redis ({@code forms.cache.rate-limiter.*}).
 *
 * @param redisTimeout  a bucket operation waiting longer on Redis is abandoned and counted locally instead
 * @param retryInterval after Redis failed, buckets stay local this long before Redis is tried again
 * @param localMaxKeys  while counting locally, at most this many keys are remembered per limit (least recently
 *                      used forgotten first)
 */
@ConfigurationProperties("forms.cache.rate-limiter")
public record RateLimiterProperties(@DefaultValue("250ms") Duration redisTimeout,
        @DefaultValue("2s") Duration retryInterval, @DefaultValue("100000") long localMaxKeys) {
}
