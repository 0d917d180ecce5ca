package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.formsapi.FormsApiApplication;
import io.formsapi.cache.embedded.RedisServerProcess;

/** The application's wiring of the cache: the seed's variables, the embedded default, CONFIG SET at start-up. */
class CacheWiringTest {

    record Value(String text) {
    }

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--forms.store.data-dir=" + dataDir;
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(FormsApiApplication.class).web(WebApplicationType.NONE).run(all);
    }

    private static Cached<Value> roundTrip(ConfigurableApplicationContext context) {
        CacheComponents cache = context.getBean(CacheComponents.class);
        CacheRequest<Value> request = CacheRequest.of(context.getBean(CacheTypes.class).get("form_schema"),
                context.getBean(CacheKeys.class).key("form", "schema", "wiring"), Value.class, "form:wiring");
        cache.engine().getWithFallback(request, () -> new Value("v"));
        return cache.engine().lookup(request, () -> Optional.of(new Value("unused")));
    }

    @Test
    void withoutRedisSettingsAnEmbeddedServerIsStartedAndStopped() {
        RedisServerProcess embedded;
        try (ConfigurableApplicationContext context = start()) {
            embedded = context.getBean(RedisServerProcess.class);
            assertThat(embedded.isAlive()).isTrue();
            assertThat(roundTrip(context).outcome()).isEqualTo(CacheOutcome.HIT);
        }
        assertThat(embedded.isAlive()).isFalse();
    }

    @Test
    void theSeedsVariablesSelectTheServerAndApplyTheMemoryLimit() {
        try (CacheFixture redis = new CacheFixture();
                ConfigurableApplicationContext context = start("--REDIS_HOST=127.0.0.1",
                        "--REDIS_PORT=" + redis.server.port(), "--REDIS_DB=3", "--REDIS_MAX_MEMORY=64mb",
                        "--CACHE_KEY_PREFIX=wiring")) {
            assertThat(context.getBeansOfType(RedisServerProcess.class)).isEmpty();
            assertThat(roundTrip(context).outcome()).isEqualTo(CacheOutcome.HIT);
            assertThat(redis.redis(c -> c.serverCommands().getConfig("maxmemory")).getProperty("maxmemory"))
                    .isEqualTo(String.valueOf(64 * 1024 * 1024));
            assertThat(redis.redis(c -> c.serverCommands().getConfig("maxmemory-policy"))
                    .getProperty("maxmemory-policy")).isEqualTo("allkeys-lru");
            assertThat(redis.info("keyspace").getProperty("db3")).as("REDIS_DB selects the database").isNotNull();
            assertThat(redis.info("keyspace").getProperty("db0")).isNull();
            assertThat(context.getBean(CacheKeys.class).key("form", "schema", "x")).isEqualTo("wiring:form:schema:x");
        }
    }

    @Test
    void aRedisUrlIsHonoured() {
        try (CacheFixture redis = new CacheFixture();
                ConfigurableApplicationContext context = start("--REDIS_URL=redis://127.0.0.1:" + redis.server.port()
                        + "/5")) {
            assertThat(roundTrip(context).outcome()).isEqualTo(CacheOutcome.HIT);
            assertThat(redis.info("keyspace").getProperty("db5")).isNotNull();
        }
    }

    @Test
    void cacheEnabledFalseBypassesEverythingAndStartsNoServer() {
        try (ConfigurableApplicationContext context = start("--CACHE_ENABLED=false")) {
            assertThat(context.getBeansOfType(RedisServerProcess.class)).isEmpty();
            assertThat(roundTrip(context).outcome()).isEqualTo(CacheOutcome.BYPASS);
        }
    }

    @Test
    void aServerThatRefusesConfigGetsAWarningNotACrash() {
        try (CacheFixture redis = new CacheFixture(List.of("--rename-command", "CONFIG", ""));
                ConfigurableApplicationContext context = start("--REDIS_HOST=127.0.0.1",
                        "--REDIS_PORT=" + redis.server.port(), "--REDIS_MAX_MEMORY=64mb")) {
            assertThat(roundTrip(context).outcome()).isEqualTo(CacheOutcome.HIT);
        }
    }
}
