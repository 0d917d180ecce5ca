package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.util.unit.DataSize;

import io.formsapi.cache.codec.Compression;
import io.formsapi.cache.codec.ValueCodec;
import io.formsapi.cache.embedded.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cache on a three-master Redis Cluster built by the test from its own servers: entries, epoch and tag
 * versions live in different slots, pattern purges must reach every master, and the near caches' notifications,
 * published from scripts on each master, must reach every instance.
 */
class CacheClusterTest {

    record Value(String text) {
    }

    private static final int SLOTS = 16384;
    private static final List<RedisServerProcess> nodes = new ArrayList<>();
    private static LettuceConnectionFactory factory;
    private static CacheComponents cache;
    private static CacheTypes types;
    private static CacheKeys keys;

    @BeforeAll
    static void formCluster() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            nodes.add(RedisServerProcess.start(0, List.of("--cluster-enabled", "yes", "--cluster-node-timeout",
                    "2000", "--cluster-config-file", "nodes.conf")));
        }
        RedisClient client = RedisClient.create();
        try {
            for (int i = 0; i < nodes.size(); i++) {
                try (StatefulRedisConnection<String, String> node = connect(client, nodes.get(i))) {
                    int from = i * SLOTS / nodes.size();
                    int to = (i + 1) * SLOTS / nodes.size();
                    node.sync().clusterAddSlots(IntStream.range(from, to).toArray());
                    if (i > 0) {
                        node.sync().clusterMeet(nodes.get(0).host(), nodes.get(0).port());
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!allOk(client)) {
                assertThat(System.nanoTime()).as("cluster did not form within 30 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            client.shutdown();
        }
        RedisClusterConfiguration cluster = new RedisClusterConfiguration(
                nodes.stream().map(n -> n.host() + ":" + n.port()).toList());
        factory = new LettuceConnectionFactory(cluster,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        RedisTemplate<byte[], byte[]> template = CacheConfiguration.rawTemplate(factory);
        CacheProperties properties = CacheFixture.properties(CacheFixture.defaultTypes());
        types = new CacheTypes(properties);
        keys = new CacheKeys(properties);
        cache = CacheComponents.assemble(properties, InvalidationProperties.standalone(), keys, types,
                CacheHealthProperties.defaults(), template, new SimpleMeterRegistry(),
                new LookupWindow(CacheHealthProperties.defaults(), Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (cache != null) {
            cache.close();
        }
        if (factory != null) {
            factory.destroy();
        }
        nodes.forEach(RedisServerProcess::close);
    }

    private static CacheRequest<Value> request(String type, String id) {
        return CacheRequest.of(types.get(type), keys.key("cluster", type, id), Value.class, "form:" + id,
                "user:u" + id);
    }

    @Test
    void entriesVersionsAndInvalidationWorkAcrossSlots() {
        CacheRequest<Value> request = request("form_schema", "c1");
        assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("v1"))).outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("x"))).outcome()).isEqualTo(CacheOutcome.HIT);
        cache.engine().invalidateTags("form:c1");
        Cached<Value> after = cache.engine().lookup(request, () -> Optional.of(new Value("v2")));
        assertThat(after.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(after.value().orElseThrow().text()).isEqualTo("v2");
    }

    @Test
    void nearCachesHearVersionChangesFromEveryMaster() {
        CacheProperties properties = CacheFixture.withNear(CacheFixture.properties(CacheFixture.defaultTypes()),
                DataSize.ofMegabytes(8));
        SimpleMeterRegistry readerMeters = new SimpleMeterRegistry();
        RedisTemplate<byte[], byte[]> template = CacheConfiguration.rawTemplate(factory);
        try (CacheComponents writer = near(properties, template, new SimpleMeterRegistry());
                CacheComponents reader = near(properties, template, readerMeters)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> readerMeters.get("cache.near.live")
                    .gauge().value() == 1);
            for (int i = 0; i < 10; i++) {
                CacheRequest<Value> request = request("query_result", "near" + i);
                String written = "new" + i;
                NearCacheProbe.untilServedNear(readerMeters, () -> {
                    reader.engine().lookup(request, () -> Optional.of(new Value("old")));
                    reader.engine().awaitWrites(Duration.ofSeconds(5));
                });

                writer.engine().invalidateTags("form:near" + i);

                Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> reader.engine()
                        .lookup(request, () -> Optional.of(new Value(written))).value().orElseThrow().text()
                        .equals(written));
            }
        }
    }

    private static CacheComponents near(CacheProperties properties, RedisTemplate<byte[], byte[]> template,
            SimpleMeterRegistry meters) {
        return CacheComponents.assemble(properties, InvalidationProperties.standalone(), new CacheKeys(properties),
                new CacheTypes(properties), CacheHealthProperties.defaults(), template, meters,
                new LookupWindow(CacheHealthProperties.defaults(), Clock.systemUTC()), Clock.systemUTC());
    }

    @Test
    void batchGetReadsKeysFromEverySlot() {
        List<CacheRequest<Value>> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            CacheRequest<Value> request = request("query_result", "b" + i);
            cache.engine().getWithFallback(request, () -> new Value("b"));
            requests.add(request);
        }
        Map<String, Optional<Value>> found = cache.engine().getAll(requests);
        assertThat(found).hasSize(30);
        assertThat(mastersHolding("test:cluster:query_result:b*")).as("keys spread over masters").hasSize(3);
    }

    @Test
    void patternPurgesReachEveryMaster() {
        for (int i = 0; i < 60; i++) {
            cache.engine().getWithFallback(request("dashboard_widget", "p" + i), () -> new Value("p"));
        }
        assertThat(mastersHolding("test:cluster:dashboard_widget:*")).hasSize(3);
        long removed = cache.administration().invalidatePattern("cluster:dashboard_widget:*");
        assertThat(removed).isEqualTo(60);
        assertThat(mastersHolding("test:cluster:dashboard_widget:*")).isEmpty();
    }

    @Test
    void entryLimitsHoldOnACluster() {
        CacheType small = types.get("small");
        for (int i = 0; i < small.maxEntries() * 3; i++) {
            cache.engine().getWithFallback(request("small", "m" + i), () -> new Value("m"));
        }
        assertThat(cache.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
        long live = countOnAllMasters("test:cluster:small:*");
        assertThat(live).isLessThanOrEqualTo(small.maxEntries() + small.maxEntries() / 100);
    }

    private static Set<Integer> mastersHolding(String pattern) {
        Set<Integer> ports = new HashSet<>();
        RedisClient client = RedisClient.create();
        try {
            for (RedisServerProcess node : nodes) {
                try (StatefulRedisConnection<String, String> connection = connect(client, node)) {
                    if (!connection.sync().keys(pattern).isEmpty()) {
                        ports.add(node.port());
                    }
                }
            }
        } finally {
            client.shutdown();
        }
        return ports;
    }

    private static long countOnAllMasters(String pattern) {
        long count = 0;
        RedisClient client = RedisClient.create();
        try {
            for (RedisServerProcess node : nodes) {
                try (StatefulRedisConnection<String, String> connection = connect(client, node)) {
                    count += connection.sync().keys(pattern).size();
                }
            }
        } finally {
            client.shutdown();
        }
        return count;
    }

    private static boolean allOk(RedisClient client) {
        for (RedisServerProcess node : nodes) {
            try (StatefulRedisConnection<String, String> connection = connect(client, node)) {
                RedisCommands<String, String> sync = connection.sync();
                if (!sync.clusterInfo().contains("cluster_state:ok")
                        || sync.clusterNodes().lines().count() < nodes.size()) {
                    return false;
                }
            }
        }
        return true;
    }

    private static StatefulRedisConnection<String, String> connect(RedisClient client, RedisServerProcess node) {
        return client.connect(RedisURI.create(node.host(), node.port()));
    }

}
