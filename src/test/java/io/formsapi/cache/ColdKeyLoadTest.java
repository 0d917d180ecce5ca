package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A cold key under a crowd: three independent cache instances (three application instances) on one real
 * redis-server, a thousand concurrent reads of the same missing entry while other threads keep both cores busy.
 * The loader must run once and the value be written once, for every key; and a miss must cost three round trips.
 */
class ColdKeyLoadTest {

    record Value(String text) {
    }

    private static final int INSTANCES = 3;
    private static final int READERS = 1_000;

    private static CacheFixture redis;
    private static final List<CacheComponents> instances = new ArrayList<>();
    private static CacheTypes types;
    private static CacheKeys keys;

    @BeforeAll
    static void start() {
        redis = new CacheFixture(List.of("--notify-keyspace-events", "K$"));
        CacheProperties properties = CacheFixture.properties(CacheFixture.defaultTypes());
        for (int i = 0; i < INSTANCES; i++) {
            // The production command timeout: with a thousand threads on two busy cores, a reply may take a while.
            instances.add(redis.cache(properties, Duration.ofSeconds(5)));
        }
        types = new CacheTypes(properties);
        keys = new CacheKeys(properties);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static CacheRequest<Value> request(String id) {
        return CacheRequest.of(types.get("dashboard_widget"), keys.key("widget", id), Value.class, "form:" + id,
                "responses:" + id);
    }

    @Test
    void aThousandConcurrentColdReadsOverThreeInstancesLoadAndStoreOnce() throws Exception {
        RedisClient client = RedisClient.create(RedisURI.create(redis.server.host(), redis.server.port()));
        AtomicBoolean saturating = new AtomicBoolean(true);
        List<Thread> burners = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            Thread burner = new Thread(() -> {
                while (saturating.get()) {
                    Thread.onSpinWait();
                }
            });
            burner.setDaemon(true);
            burner.start();
            burners.add(burner);
        }
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try (StatefulRedisPubSubConnection<String, String> events = client.connectPubSub()) {
            for (String id : List.of("cold-1", "cold-2", "cold-3", "cold-4", "cold-5")) {
                CacheRequest<Value> request = request(id);
                AtomicInteger sets = new AtomicInteger();
                String marker = request.key() + ":counted";
                CountDownLatch allCounted = new CountDownLatch(1);
                RedisPubSubAdapter<String, String> counter = new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        if (channel.endsWith(marker)) {
                            allCounted.countDown();
                        } else if ("set".equals(message)) {
                            sets.incrementAndGet();
                        }
                    }
                };
                events.addListener(counter);
                events.sync().subscribe("__keyspace@0__:" + request.key(), "__keyspace@0__:" + marker);
                AtomicInteger loads = new AtomicInteger();
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Value>> reads = new ArrayList<>();
                for (int i = 0; i < READERS; i++) {
                    CacheEngine engine = instances.get(i % INSTANCES).engine();
                    reads.add(CompletableFuture.supplyAsync(() -> {
                        awaitQuietly(go);
                        return engine.getWithFallback(request, () -> {
                            loads.incrementAndGet();
                            sleepQuietly(Duration.ofMillis(150));
                            return new Value("loaded " + id);
                        });
                    }, pool));
                }
                go.countDown();
                for (CompletableFuture<Value> read : reads) {
                    assertThat(read.get(60, TimeUnit.SECONDS).text()).isEqualTo("loaded " + id);
                }
                // Redis notifies in the order it executes: once the marker's SET is heard, every write before it is.
                redis.redis(c -> c.stringCommands().set(marker.getBytes(), new byte[] {1}));
                assertThat(allCounted.await(10, TimeUnit.SECONDS)).isTrue();
                events.sync().unsubscribe("__keyspace@0__:" + request.key(), "__keyspace@0__:" + marker);
                events.removeListener(counter);
                assertThat(loads.get()).as("loader runs for %s (bypasses %s, Redis errors %s)", id,
                        count("cache.bypasses"), count("cache.errors")).isEqualTo(1);
                assertThat(sets.get()).as("value writes for %s", id).isEqualTo(1);
            }
        } finally {
            saturating.set(false);
            pool.shutdownNow();
            client.shutdown();
            for (Thread burner : burners) {
                burner.join();
            }
        }
    }

    @Test
    void aLoadOutlastingTheLeaseTtlIsWaitedForBecauseItsHolderRenewsTheLease() throws Exception {
        CacheProperties defaults = CacheFixture.properties(CacheFixture.defaultTypes());
        CacheProperties shortLease = new CacheProperties(true, defaults.keyPrefix(), defaults.types(),
                defaults.negativeTtl(), new CacheProperties.Lease(Duration.ofMillis(300), Duration.ofMillis(5),
                        Duration.ofSeconds(60)), defaults.codec(), defaults.breaker(), defaults.redisMaxMemory(),
                defaults.maxEntrySize());
        CacheEngine holder = redis.cache(shortLease).engine();
        CacheEngine waiter = redis.cache(shortLease).engine();
        CacheRequest<Value> request = request("slow-load");
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CompletableFuture<Value> first = CompletableFuture.supplyAsync(() -> holder.getWithFallback(request, () -> {
            loads.incrementAndGet();
            loading.countDown();
            sleepQuietly(Duration.ofMillis(1_500));
            return new Value("slow");
        }));
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        Value waited = waiter.getWithFallback(request, () -> {
            loads.incrementAndGet();
            return new Value("second load");
        });
        assertThat(waited.text()).as("five lease TTLs later, the waiter is served the holder's value")
                .isEqualTo("slow");
        assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("slow");
        assertThat(loads.get()).isEqualTo(1);
    }

    @Test
    void aMissCostsThreeRoundTripsAndAHitOne() {
        CacheComponents cache = instances.get(0);
        MeterRegistry meters = redis.registry(cache);
        CacheRequest<Value> request = request("round-trips");
        long before = roundTrips(meters);
        cache.engine().getWithFallback(request, () -> new Value("loaded"));
        // The write lands behind the caller.
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.stored(request.key()));
        assertThat(roundTrips(meters) - before).as("read, lease with version set-up, write with release")
                .isEqualTo(3);
        long afterMiss = roundTrips(meters);
        cache.engine().getWithFallback(request, () -> new Value("loaded again"));
        assertThat(roundTrips(meters) - afterMiss).isEqualTo(1);
    }

    @Test
    void theCallerIsAnsweredBeforeItsWriteLandsAndThisInstanceServesThePendingValue() {
        CacheComponents cache = instances.get(0);
        CacheRequest<Value> request = request("written-behind");
        AtomicInteger loads = new AtomicInteger();
        RedisClient client = RedisClient.create(RedisURI.create(redis.server.host(), redis.server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            Value loaded = cache.engine().getWithFallback(request, () -> {
                loads.incrementAndGet();
                // From here on Redis refuses to run writes (reads go on) until unpaused: the write waits.
                commands.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(5_000).add("WRITE"));
                return new Value("loaded");
            });
            assertThat(loaded.text()).isEqualTo("loaded");
            assertThat(commands.get(request.key())).as("the write has not landed").isNull();

            Cached<Value> again = cache.engine().lookup(request, () -> {
                loads.incrementAndGet();
                return Optional.of(new Value("loaded again"));
            });
            assertThat(again.outcome()).isEqualTo(CacheOutcome.HIT);
            assertThat(again.value()).contains(new Value("loaded"));
            assertThat(loads.get()).isEqualTo(1);

            commands.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
            await().atMost(Duration.ofSeconds(10)).until(() -> commands.get(request.key()) != null);
            assertThat(cache.engine().lookup(request, () -> Optional.of(new Value("loaded again"))).value())
                    .contains(new Value("loaded"));
            assertThat(loads.get()).isEqualTo(1);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theWritesOfABurstOfMissesLandTogetherInAFewRoundTrips() throws Exception {
        CacheComponents cache = instances.get(0);
        MeterRegistry meters = redis.registry(cache);
        int misses = 100;
        CountDownLatch loading = new CountDownLatch(misses);
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        List<CacheRequest<Value>> requests = new ArrayList<>();
        for (int i = 0; i < misses; i++) {
            requests.add(request("burst-" + i));
        }
        ExecutorService callers = Executors.newFixedThreadPool(misses);
        RedisClient client = RedisClient.create(RedisURI.create(redis.server.host(), redis.server.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<Future<Value>> answers = new ArrayList<>();
            for (CacheRequest<Value> request : requests) {
                answers.add(callers.submit(() -> cache.engine().getWithFallback(request, () -> {
                    loads.incrementAndGet();
                    loading.countDown();
                    awaitQuietly(answer);
                    return new Value(request.key());
                })));
            }
            assertThat(loading.await(30, TimeUnit.SECONDS)).as("every miss took its lease and loads").isTrue();
            long writesBefore = writeRoundTrips(meters);
            // Redis holds every write back for a while: the first writes wait in it, the others queue behind them.
            connection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(300).add("WRITE"));
            answer.countDown();
            for (int i = 0; i < misses; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS).text()).isEqualTo(requests.get(i).key());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream().allMatch(r -> redis.stored(r.key())));

            assertThat(loads.get()).isEqualTo(misses);
            assertThat(writeRoundTrips(meters) - writesBefore).as("round trips for %d writes", misses)
                    .isLessThanOrEqualTo(10);
        } finally {
            callers.shutdownNow();
            client.shutdown();
        }
    }

    /** The round trips that wrote entries (and gave their leases back). */
    private static long writeRoundTrips(MeterRegistry meters) {
        Timer writes = meters.find("cache.latency").tag("op", "set").timer();
        return writes == null ? 0 : writes.count();
    }

    private static double count(String counter) {
        return instances.stream().mapToDouble(cache -> redis.registry(cache).find(counter).counters().stream()
                .mapToDouble(c -> c.count()).sum()).sum();
    }

    /** Every command or pipeline the cache sends is one timed call. */
    private static long roundTrips(MeterRegistry meters) {
        return meters.find("cache.latency").timers().stream().mapToLong(Timer::count).sum();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
