package io.formsapi.peer;

import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;

/**
 * The public form endpoint as a Spring user would write it without the API's cache layer: {@code @Cacheable} on
 * a MongoDB read, Spring Boot's {@code RedisCacheManager} with JSON values and the form_schema TTL. The cache
 * targets in docs/BENCHMARKS.md compare the API against it.
 */
@SpringBootApplication
@EnableCaching
public class PeerApplication {

    /** The API's form_schema TTL. */
    static final Duration FORM_SCHEMA_TTL = Duration.ofSeconds(3600);

    public static void main(String[] args) {
        SpringApplication.run(PeerApplication.class, args);
    }

    /** Picked up by Boot's RedisCacheManager: JSON values instead of Java serialization. */
    @Bean
    RedisCacheConfiguration redisCacheConfiguration() {
        return RedisCacheConfiguration.defaultCacheConfig().entryTtl(FORM_SCHEMA_TTL)
                .serializeValuesWith(SerializationPair.fromSerializer(new JacksonJsonRedisSerializer<>(PublicForm.class)));
    }
}
