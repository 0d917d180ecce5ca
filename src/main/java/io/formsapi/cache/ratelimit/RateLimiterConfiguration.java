package io.formsapi.cache.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.formsapi.cache.CacheKeys;
import io.formsapi.cache.CacheProperties;
import io.formsapi.cache.CacheEngine;
import io.github.bucket4j.TimeMeter;
import io.lettuce.core.AbstractRedisClient;

@Configuration(proxyBeanMethods = false)
class RateLimiterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimiterConfiguration.class);

    @Bean
    RedisBuckets rateLimitRedisBuckets(CacheProperties cache, CacheEngine cacheEngine,
            RedisConnectionFactory connections, RateLimiterProperties properties, Clock clock) {
        Supplier<AbstractRedisClient> client = cache.enabled() && connections instanceof LettuceConnectionFactory lettuce
                ? lettuce::getRequiredNativeClient : null;
        if (cache.enabled() && client == null) {
            log.warn("Rate limits are counted per instance: Redis is not reached through Lettuce");
        }
        return new RedisBuckets(client, cacheEngine::redisAvailable, timeMeter(clock), properties.redisTimeout(),
                properties.retryInterval());
    }

    @Bean
    TokenBuckets tokenBuckets(CacheKeys keys, RedisBuckets redis, RateLimiterProperties properties, Clock clock) {
        return new TokenBuckets(keys, redis, new LocalBuckets(properties.localMaxKeys(), timeMeter(clock)));
    }

    /** The application's clock, so that limits follow it (and tests can move it). */
    private static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
