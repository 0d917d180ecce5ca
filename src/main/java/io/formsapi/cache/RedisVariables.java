package io.formsapi.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the REDIS_* environment variables (REDIS_HOST, REDIS_URL, ...) onto Spring Boot's {@code spring.data.redis.*}
 * properties, but only those that are set: an empty sentinel or cluster setting must not switch the client into
 * that mode.
 */
class RedisVariables implements EnvironmentPostProcessor {

    static final Map<String, String> VARIABLE_TO_PROPERTY = Map.ofEntries(
            Map.entry("REDIS_HOST", "spring.data.redis.host"),
            Map.entry("REDIS_PORT", "spring.data.redis.port"),
            Map.entry("REDIS_DB", "spring.data.redis.database"),
            Map.entry("REDIS_USERNAME", "spring.data.redis.username"),
            Map.entry("REDIS_PASSWORD", "spring.data.redis.password"),
            Map.entry("REDIS_URL", "spring.data.redis.url"),
            Map.entry("REDIS_SENTINEL_MASTER", "spring.data.redis.sentinel.master"),
            Map.entry("REDIS_SENTINEL_NODES", "spring.data.redis.sentinel.nodes"),
            Map.entry("REDIS_CLUSTER_NODES", "spring.data.redis.cluster.nodes"),
            Map.entry("REDIS_MAX_CONNECTIONS", "spring.data.redis.lettuce.pool.max-active"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = new LinkedHashMap<>();
        VARIABLE_TO_PROPERTY.forEach((variable, property) -> {
            String value = environment.getProperty(variable);
            if (value != null && !value.isBlank()) {
                mapped.put(property, value.strip());
            }
        });
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("redisVariables", mapped));
        }
    }
}
