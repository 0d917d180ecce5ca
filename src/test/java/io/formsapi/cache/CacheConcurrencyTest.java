package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.types.Expiration;

import io.micrometer.core.instrument.Counter;

/** Stampedes and races, against a real redis-server, with two independent cache instances where it matters. */
class CacheConcurrencyTest {

    record Value(String text) {
    }

    private static CacheFixture redis;
    private static CacheComponents instanceA;
    private static CacheComponents instanceB;
    private static CacheTypes types;
    private static CacheKeys keys;

    @BeforeAll
    static void start() {
        redis = new CacheFixture();
        CacheProperties properties = CacheFixture.properties(CacheFixture.defaultTypes());
        instanceA = redis.cache(properties);
        instanceB = redis.cache(properties);
        types = new CacheTypes(properties);
        keys = new CacheKeys(properties);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static CacheRequest<Value> request(String id) {
        return CacheRequest.of(types.get("dashboard_widget"), keys.key("widget", id), Value.class, "form:" + id);
    }

    @Test
    void concurrentMissesInOneJvmShareOneLoad() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CacheRequest<Value> request = request("single");
        List<Value> values = callConcurrently(100, i -> instanceA, () -> {
            loads.incrementAndGet();
            pause(200);
            return new Value("computed");
        }, request);
        assertThat(loads).hasValue(1);
        assertThat(values).hasSize(100).allMatch(v -> v.text().equals("computed"));
    }

    @Test
    void concurrentMissesOnTwoInstancesShareOneLoadThroughTheLease() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CacheRequest<Value> request = request("lease");
        List<Value> values = callConcurrently(200, i -> i % 2 == 0 ? instanceA : instanceB, () -> {
            loads.incrementAndGet();
            pause(300);
            return new Value("once");
        }, request);
        assertThat(loads).hasValue(1);
        assertThat(values).hasSize(200).allMatch(v -> v.text().equals("once"));
    }

    /**
     * Callers arriving all through a load and just after it, on two instances: those that read "miss" before the
     * value was stored and ask for the lease after it was released find the stored value in the same round trip,
     * so every key is loaded exactly once.
     */
    @Test
    void callersArrivingThroughoutALoadNeverLoadASecondTime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            for (int round = 0; round < 10; round++) {
                CacheRequest<Value> request = request("staggered-" + round);
                AtomicInteger loads = new AtomicInteger();
                List<CompletableFuture<Value>> calls = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    CacheComponents cache = i % 2 == 0 ? instanceA : instanceB;
                    long arrival = i / 4;
                    calls.add(CompletableFuture.supplyAsync(() -> {
                        pause(arrival);
                        return cache.engine().getWithFallback(request, () -> {
                            loads.incrementAndGet();
                            pause(20);
                            return new Value("once");
                        });
                    }, pool));
                }
                for (CompletableFuture<Value> call : calls) {
                    assertThat(call.get(30, TimeUnit.SECONDS).text()).isEqualTo("once");
                }
                assertThat(loads).as("loads of %s", request.key()).hasValue(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseHolderThatNeverStoresDelaysOthersOnlyUntilItsLeaseExpires() {
        CacheRequest<Value> request = request("crashed");
        redis.redis(c -> c.stringCommands().set(keys.lease(request.key()).getBytes(), "someone-else".getBytes(),
                Expiration.milliseconds(300), SetOption.upsert()));
        AtomicInteger loads = new AtomicInteger();
        Value value = instanceA.engine().getWithFallback(request, () -> {
            loads.incrementAndGet();
            return new Value("loaded after waiting");
        });
        assertThat(value.text()).isEqualTo("loaded after waiting");
        assertThat(loads).hasValue(1);
    }

    /**
     * A request that read other versions than the holder of the entry's lease (here: the versions that holder set
     * up) does not share its flight; it waits for the lease. When this instance holds it, the wait ends as the value
     * lands, not at the next poll, which is set to half a minute so that only the wake-up can answer in time.
     */
    @Test
    void aWaitForALeaseThisInstanceHoldsEndsWhenTheValueLands() throws Exception {
        CacheProperties defaults = CacheFixture.properties(CacheFixture.defaultTypes());
        CacheComponents slowPolling = redis.cache(new CacheProperties(defaults.enabled(), defaults.keyPrefix(),
                defaults.types(), defaults.negativeTtl(),
                new CacheProperties.Lease(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120)),
                defaults.codec(), defaults.breaker(), defaults.redisMaxMemory(), defaults.maxEntrySize()));
        CacheRequest<Value> request = request("woken");
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Value> holder = CompletableFuture.supplyAsync(() -> slowPolling.engine()
                    .getWithFallback(request, () -> {
                        loads.incrementAndGet();
                        loading.countDown();
                        await(finish);
                        return new Value("landed");
                    }), pool);
            await(loading);
            double waitsBefore = leaseWaits(slowPolling);
            CompletableFuture<Value> waiter = CompletableFuture.supplyAsync(() -> slowPolling.engine()
                    .getWithFallback(request, () -> {
                        loads.incrementAndGet();
                        return new Value("loaded twice");
                    }), pool);
            pause(200);
            finish.countDown();

            assertThat(holder.get(10, TimeUnit.SECONDS).text()).isEqualTo("landed");
            assertThat(waiter.get(10, TimeUnit.SECONDS).text()).as("woken, well before its next poll")
                    .isEqualTo("landed");
            assertThat(loads).hasValue(1);
            assertThat(leaseWaits(slowPolling) - waitsBefore).as("it waited for the lease, not for the flight")
                    .isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double leaseWaits(CacheComponents cache) {
        return redis.registry(cache).find("cache.lease.waits").counters().stream().mapToDouble(Counter::count)
                .sum();
    }

    /**
     * The stale-set race, forced: a reader misses and loads the old value; meanwhile a writer commits and
     * invalidates; then the reader stores what it loaded. The next read must not serve it.
     */
    @Test
    void aValueLoadedBeforeAnInvalidationIsNeverServedAfterIt() throws Exception {
        CacheRequest<Value> request = request("race");
        String[] database = {"old"};
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch invalidated = new CountDownLatch(1);
        CompletableFuture<Value> reader = CompletableFuture.supplyAsync(() -> instanceA.engine().getWithFallback(request, () -> {
            Value read = new Value(database[0]);
            loaded.countDown();
            await(invalidated);
            return read;
        }));
        await(loaded);
        database[0] = "new";
        instanceB.engine().invalidateTags("form:race");
        invalidated.countDown();
        assertThat(reader.get(10, TimeUnit.SECONDS).text()).isEqualTo("old");

        Cached<Value> next = instanceA.engine().lookup(request, () -> Optional.of(new Value(database[0])));
        assertThat(next.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(next.value().orElseThrow().text()).isEqualTo("new");
        assertThat(instanceB.engine().lookup(request, () -> Optional.of(new Value("unused"))).value().orElseThrow().text())
                .isEqualTo("new");
    }

    @Test
    void aRequestStartedAfterAnInvalidationDoesNotJoinALoadStartedBeforeIt() throws Exception {
        CacheRequest<Value> request = request("join");
        // The versions exist before the load starts (a version the load itself sets up is waited for instead).
        instanceA.engine().getWithFallback(request, () -> new Value("older"));
        instanceA.engine().invalidateTags("form:join");
        String[] database = {"old"};
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Value> early = CompletableFuture.supplyAsync(() -> instanceA.engine().getWithFallback(request, () -> {
            Value read = new Value(database[0]);
            loading.countDown();
            await(release);
            return read;
        }));
        await(loading);
        database[0] = "new";
        instanceA.engine().invalidateTags("form:join");
        CompletableFuture<Value> late = CompletableFuture.supplyAsync(
                () -> instanceA.engine().getWithFallback(request, () -> new Value(database[0])));
        assertThat(late.get(10, TimeUnit.SECONDS).text()).isEqualTo("new");
        release.countDown();
        assertThat(early.get(10, TimeUnit.SECONDS).text()).isEqualTo("old");
    }

    private static List<Value> callConcurrently(int callers, IntFunction<CacheComponents> instance,
            Supplier<Value> loader, CacheRequest<Value> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Value>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                CacheComponents cache = instance.apply(i);
                calls.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return cache.engine().getWithFallback(request, loader);
                }, pool));
            }
            go.countDown();
            List<Value> values = new ArrayList<>();
            for (CompletableFuture<Value> call : calls) {
                values.add(call.get(30, TimeUnit.SECONDS));
            }
            return values;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Makes a load take long enough for every caller to arrive while it runs; not a timing assertion. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
