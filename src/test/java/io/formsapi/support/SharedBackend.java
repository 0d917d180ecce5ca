package io.formsapi.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;
import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.store.EmbeddedStore;

/**
 * One redis-server and one standalone store shared by the API instances a test starts against them, each its own
 * application context with its own connections, as processes behind a load balancer would.
 */
public final class SharedBackend implements AutoCloseable {

    private final RedisServerProcess redis;
    private final EmbeddedStore store;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    private SharedBackend(RedisServerProcess redis, EmbeddedStore store) {
        this.redis = redis;
        this.store = store;
    }

    /** Starts both, the store's data under {@code dataDir}, the Redis server with {@code redisSettings}. */
    public static SharedBackend start(Path dataDir, List<String> redisSettings) {
        RedisServerProcess redis = RedisServerProcess.start(0, redisSettings);
        return new SharedBackend(redis, EmbeddedStore.start(dataDir, 64, 0));
    }

    public RedisServerProcess redis() {
        return redis;
    }

    /** Starts an instance on free ports, without warm-up; {@code settings} add to or override its arguments. */
    public ConfigurableApplicationContext instance(String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
                "--MONGODB_URI=" + store.connectionString("forms"), "--REDIS_HOST=" + redis.host(),
                "--REDIS_PORT=" + redis.port(), "--forms.cache.warmup.on-startup=false"));
        args.addAll(List.of(settings));
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(FormsApiApplication.class)
                .run(args.toArray(String[]::new));
        started.add(instance);
        return instance;
    }

    /** Closes every instance started here (closing one the test closed already does nothing), then both. */
    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
        store.close();
        redis.close();
    }
}
