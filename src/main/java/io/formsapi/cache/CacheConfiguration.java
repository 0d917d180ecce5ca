package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.serializer.RedisSerializer;

import io.formsapi.cache.codec.Compression;
import io.formsapi.cache.codec.ValueCodec;
import io.formsapi.cache.invalidation.CacheEventBus;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

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
    CacheService cacheService(CacheProperties properties, CacheHealthProperties health, CacheKeys keys,
            CacheTypes types, RedisTemplate<byte[], byte[]> redisTemplate, MeterRegistry registry, Clock clock) {
        CacheProperties.Codec settings = properties.codec();
        ValueCodec values = new ValueCodec(Compression.valueOf(settings.compression().toUpperCase(Locale.ROOT)),
                (int) settings.compressionThreshold().toBytes(), (int) settings.maxValueSize().toBytes());
        // A mapper of its own: entries must read back exactly what was written, whatever the web layer's settings.
        EntryCodec entries = new EntryCodec(JsonMapper.builder().build(), values);
        return new CacheService(properties, keys, types, new RedisGateway(redisTemplate), entries,
                new CacheMetrics(registry, new LookupWindow(health, clock)), clock);
    }

    @Bean(destroyMethod = "close")
    CacheHealthCheck cacheHealthCheck(CacheService cache, CacheHealthProperties health) {
        return new CacheHealthCheck(cache, health);
    }

    @Bean(destroyMethod = "close")
    RedisGauges redisGauges(CacheService cache, MeterRegistry registry) {
        return new RedisGauges(cache, registry);
    }

    @Bean
    CacheEventBus cacheEventBus(RedisTemplate<byte[], byte[]> redisTemplate, CacheKeys keys,
            CacheProperties properties, MeterRegistry registry) {
        return new CacheEventBus(redisTemplate, keys.key("cache", "events"), registry, properties.enabled());
    }

    /** Hears every instance's events; reconnects by itself after Redis comes back. */
    @Bean
    @ConditionalOnProperty(name = "forms.cache.enabled", havingValue = "true", matchIfMissing = true)
    RedisMessageListenerContainer cacheEventListener(RedisConnectionFactory connections, CacheEventBus bus) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(bus, new ChannelTopic(bus.channel()));
        container.setRecoveryInterval(1000);
        return container;
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

    /** REDIS_MAX_MEMORY: applied with CONFIG SET; a server that refuses CONFIG (managed Redis) gets a warning. */
    @Bean
    ApplicationRunner redisMemoryLimit(CacheProperties properties, CacheService cache) {
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
