package io.formsapi.cache.embedded;

import java.util.List;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Zero-configuration default: when caching is enabled and no Redis is configured (no REDIS_HOST, REDIS_URL,
 * sentinel or cluster), a real redis-server is started on a free loopback port with the seed's development
 * settings, and stopped with the application.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoRedisConfigured.class)
public class EmbeddedRedisConfiguration {

    static final List<String> DEVELOPMENT_SETTINGS = List.of("--maxmemory", "256mb", "--maxmemory-policy",
            "allkeys-lru");

    @Bean(destroyMethod = "close")
    RedisServerProcess embeddedRedis() {
        return RedisServerProcess.start(0, DEVELOPMENT_SETTINGS);
    }

    @Bean
    DataRedisConnectionDetails embeddedRedisConnectionDetails(RedisServerProcess server) {
        DataRedisConnectionDetails.Standalone standalone = DataRedisConnectionDetails.Standalone.of(server.host(),
                server.port());
        return new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return standalone;
            }
        };
    }
}
