package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CacheConfiguration.class);

    /**
     * Raw bytes in and out. Named {@code redisTemplate} so that the framework's default template, which would
     * use Java serialization, is never created.
     */
    @Bean
    RedisTemplate<byte[], byte[]> redisTemplate(RedisConnectionFactory connections) {
        return rawTemplate(connections);
    }

    static RedisTemplate<byte[], byte[]> rawTemplate(RedisConnectionFactory connections) {
        RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connections);
        template.setEnableDefaultSerializer(false);
        template.setKeySerializer(RedisSerializer.byteArray());
        template.setValueSerializer(RedisSerializer.byteArray());
        template.setHashKeySerializer(RedisSerializer.byteArray());
        template.setHashValueSerializer(RedisSerializer.byteArray());
        template.afterPropertiesSet();
        return template;
    }

    @Bean(destroyMethod = "close")
    CacheComponents cacheComponents(CacheProperties properties, InvalidationProperties invalidation, CacheKeys keys,
            CacheTypes types, CacheHealthProperties health, DataRedisProperties client, ClientResources resources,
            RedisTemplate<byte[], byte[]> redisTemplate, MeterRegistry registry, Clock clock) {
        invalidation.requireUsableWith(client.getTimeout(), client.getCluster() != null);
        CacheComponents components = CacheComponents.assemble(properties, invalidation, keys, types, health,
                redisTemplate, registry, new LookupWindow(health, clock), clock);
        components.watchReconnects(resources.eventBus());
        return components;
    }

    @Bean
    CacheEngine cacheEngine(CacheComponents components) {
        return components.engine();
    }

    @Bean
    CacheRegions cacheRegions(CacheComponents components) {
        return components.regions();
    }

    @Bean
    CacheAdministration cacheAdministration(CacheComponents components) {
        return components.administration();
    }

    @Bean
    CacheHealthCheck cacheHealthCheck(CacheComponents components) {
        return components.health();
    }

    /**
     * The seed's client settings: 5 s connect timeout (command timeout is spring.data.redis.timeout), automatic
     * reconnection, and commands rejected at once while disconnected instead of queued until they time out.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer cacheClientOptions() {
        return options -> options.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build());
    }

    /**
     * Reconnection attempts back off from 10 ms to at most 1 s (Lettuce's default grows to 30 s): after a failover
     * the new primary is reached within a second of Sentinel naming it, which bounds how long invalidations are
     * retried and writes wait.
     */
    @Bean
    ClientResourcesBuilderCustomizer cacheReconnectDelay() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }

    /** REDIS_MAX_MEMORY: applied with CONFIG SET; a server that refuses CONFIG (managed Redis) gets a warning. */
    @Bean
    ApplicationRunner redisMemoryLimit(CacheProperties properties, CacheAdministration cache) {
        return args -> {
            String maxMemory = properties.redisMaxMemory().strip();
            if (properties.enabled() && !maxMemory.isEmpty()) {
                try {
                    cache.applyMemoryLimit(maxMemory);
                    log.info("Redis maxmemory set to {} with allkeys-lru", maxMemory);
                } catch (RuntimeException e) {
                    log.warn("Could not apply REDIS_MAX_MEMORY={} (the server refused CONFIG SET): {}", maxMemory,
                            e.getMessage());
                }
            }
        };
    }
}
