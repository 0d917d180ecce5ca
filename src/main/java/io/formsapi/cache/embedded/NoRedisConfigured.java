package io.formsapi.cache.embedded;

import java.util.List;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when caching is enabled and nothing names a Redis server to use. */
class NoRedisConfigured implements Condition {

    private static final List<String> SERVER_SETTINGS = List.of("REDIS_HOST", "REDIS_URL", "REDIS_SENTINEL_MASTER",
            "REDIS_CLUSTER_NODES", "spring.data.redis.host", "spring.data.redis.url",
            "spring.data.redis.sentinel.master", "spring.data.redis.cluster.nodes");

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        boolean enabled = environment.getProperty("forms.cache.enabled", Boolean.class, true);
        return enabled && SERVER_SETTINGS.stream().map(environment::getProperty)
                .allMatch(value -> value == null || value.isBlank());
    }
}
