package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.formsapi.support.MovableClock;

/**
 * Bounded freshness on a real redis-server, two instances sharing one clock that the test moves: after an
 * invalidation of a data tag the previous value is served STALE, within the bound counted from its load, while
 * one instance recomputes it; never beyond the bound, never across another tag, never for a strict type, and a
 * value computed from a stale one is not stored as fresh.
 */
class BoundedFreshnessTest {

    record Value(String text) {
    }

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration REFRESH_AFTER = Duration.ofSeconds(1);

    private static CacheFixture redis;
    private static MovableClock clock;
    private static CacheComponents first;
    private static CacheComponents second;
    private static CacheType bounded;
    private static CacheType deferred;
    private static CacheType strict;
    private static CacheKeys keys;

    @BeforeAll
    static void start() {
        redis = new CacheFixture();
        CacheProperties properties = CacheFixture.properties(Map.of(
                "widgets", CacheFixture.bounded(Duration.ofSeconds(600), BOUND),
                "lists", CacheFixture.bounded(Duration.ofSeconds(600), BOUND, REFRESH_AFTER),
                "schemas", CacheFixture.type(Duration.ofSeconds(600), 1000)));
        clock = new MovableClock(Instant.now());
        first = redis.cache(properties, clock);
        second = redis.cache(properties, clock);
        CacheTypes types = new CacheTypes(properties);
        bounded = types.get("widgets");
        deferred = types.get("lists");
        strict = types.get("schemas");
        keys = new CacheKeys(properties);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static CacheRequest<Value> widget(CacheType type, String id) {
        return CacheRequest.of(type, keys.key("widget", id), Value.class, "form:" + id, "responses:" + id)
                .withStaleAcross(Set.of("responses:" + id));
    }

    private static Supplier<Optional<Value>> counting(AtomicInteger loads, String text) {
        return () -> {
            loads.incrementAndGet();
            return Optional.of(new Value(text));
        };
    }

    @Test
    void afterAnInvalidationThePreviousValueIsServedStaleWhileOneInstanceRecomputesIt() throws Exception {
        CacheRequest<Value> request = widget(bounded, "recomputed");
        fill(request, "before");
        clock.advance(Duration.ofSeconds(2));
        first.engine().invalidateTags("responses:recomputed");

        AtomicInteger loads = new AtomicInteger();
        CountDownLatch recomputing = new CountDownLatch(1);
        Supplier<Optional<Value>> slow = () -> {
            loads.incrementAndGet();
            awaitQuietly(recomputing);
            return Optional.of(new Value("after"));
        };
        for (CacheComponents instance : new CacheComponents[] {first, second, first, second}) {
            Cached<Value> served = instance.engine().lookup(request, slow);
            assertThat(served.outcome()).isEqualTo(CacheOutcome.STALE);
            assertThat(served.value()).contains(new Value("before"));
            assertThat(served.age()).isEqualTo(Duration.ofSeconds(2));
        }
        recomputing.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> second.engine().lookup(request, slow).outcome()
                == CacheOutcome.HIT);
        assertThat(second.engine().lookup(request, slow).value()).contains(new Value("after"));
        assertThat(loads.get()).as("one recomputation for both instances and four stale reads").isEqualTo(1);
    }

    @Test
    void aValueYoungerThanRefreshAfterIsServedStaleWithoutARecomputation() {
        CacheRequest<Value> request = widget(deferred, "burst");
        fill(request, "before");
        AtomicInteger loads = new AtomicInteger();
        for (int write = 0; write < 5; write++) {
            clock.advance(Duration.ofMillis(150));
            first.engine().invalidateTags("responses:burst");
            for (CacheComponents instance : new CacheComponents[] {first, second}) {
                Cached<Value> served = instance.engine().lookup(request, counting(loads, "after"));
                assertThat(served.outcome()).isEqualTo(CacheOutcome.STALE);
                assertThat(served.value()).contains(new Value("before"));
            }
        }
        assertThat(first.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
        assertThat(loads.get()).as("five writes within refresh-after of the load, no recomputation").isZero();

        clock.advance(REFRESH_AFTER.minusMillis(750));
        assertThat(second.engine().lookup(request, counting(loads, "after")).outcome())
                .isEqualTo(CacheOutcome.STALE);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.engine().lookup(request, counting(loads, "after"))
                .outcome() == CacheOutcome.HIT);
        assertThat(first.engine().lookup(request, counting(loads, "after")).value()).contains(new Value("after"));
        assertThat(loads.get()).as("one recomputation once the value was refresh-after old").isEqualTo(1);
    }

    @Test
    void aValueKeptNearIsServedStaleWithinTheBoundAndNeverBeyond() {
        CacheProperties properties = CacheFixture.withNear(CacheFixture.properties(Map.of(
                "lists", CacheFixture.bounded(Duration.ofSeconds(600), BOUND, REFRESH_AFTER))),
                DataSize.ofMegabytes(8), List.of());
        CacheComponents reader = redis.cache(properties, clock);
        CacheComponents writer = redis.cache(properties, clock);
        NearCacheProbe.awaitLive(redis.registry(reader));
        NearCacheProbe.awaitLive(redis.registry(writer));
        CacheRequest<Value> request = widget(new CacheTypes(properties).get("lists"), "near-bound");
        NearCacheProbe.untilServedNear(redis.registry(reader), () -> {
            reader.engine().lookup(request, () -> Optional.of(new Value("before")));
            reader.engine().awaitWrites(Duration.ofSeconds(5));
        });
        writer.engine().invalidateTags("responses:near-bound");
        AtomicInteger loads = new AtomicInteger();
        // The bump is not acknowledged: the reader hears of it a moment after the writer's call returns.
        await().atMost(Duration.ofSeconds(1)).until(() -> reader.engine().lookup(request, counting(loads, "after"))
                .outcome() == CacheOutcome.STALE);
        Cached<Value> stale = reader.engine().lookup(request, counting(loads, "after"));
        assertThat(stale.outcome()).isEqualTo(CacheOutcome.STALE);
        assertThat(stale.value()).contains(new Value("before"));
        assertThat(loads.get()).as("younger than refresh-after: not recomputed").isZero();

        clock.advance(BOUND.plusMillis(1));
        Cached<Value> beyond = reader.engine().lookup(request, counting(loads, "after"));
        assertThat(beyond.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(beyond.value()).contains(new Value("after"));
        assertThat(loads.get()).isEqualTo(1);
    }

    @Test
    void refreshAfterMustStayBelowTheBound() {
        CacheProperties properties = CacheFixture.properties(Map.of(
                "lists", CacheFixture.bounded(Duration.ofSeconds(600), BOUND, BOUND)));
        assertThatThrownBy(() -> new CacheTypes(properties)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lists").hasMessageContaining("refresh-after");
    }

    @Test
    void neverBeyondTheBoundCountedFromTheLoad() {
        CacheRequest<Value> request = widget(bounded, "old");
        fill(request, "before");
        clock.advance(BOUND.plusMillis(1));
        first.engine().invalidateTags("responses:old");

        AtomicInteger loads = new AtomicInteger();
        Cached<Value> served = second.engine().lookup(request, counting(loads, "after"));
        assertThat(served.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(served.value()).contains(new Value("after"));
        assertThat(loads.get()).isEqualTo(1);
    }

    @Test
    void neverAcrossATagTheRequestDoesNotName() {
        CacheRequest<Value> request = widget(bounded, "access");
        fill(request, "before");
        first.engine().invalidateTags("form:access");

        Cached<Value> served = second.engine().lookup(request, counting(new AtomicInteger(), "after"));
        assertThat(served.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(served.value()).contains(new Value("after"));
    }

    @Test
    void neverForAStrictType() {
        CacheRequest<Value> request = widget(strict, "strict");
        fill(request, "before");
        first.engine().invalidateTags("responses:strict");

        Cached<Value> served = second.engine().lookup(request, counting(new AtomicInteger(), "after"));
        assertThat(served.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(served.value()).contains(new Value("after"));
    }

    @Test
    void aValueComputedFromAStaleOneIsStaleAndNotStored() throws Exception {
        CacheRequest<Value> inner = widget(bounded, "nested");
        CacheRequest<Value> outer = CacheRequest.of(strict, keys.key("page", "nested"), Value.class,
                "form:nested");
        fill(inner, "inner before");
        clock.advance(Duration.ofSeconds(1));
        first.engine().invalidateTags("responses:nested");

        CountDownLatch recomputing = new CountDownLatch(1);
        Supplier<Optional<Value>> slowInner = () -> {
            awaitQuietly(recomputing);
            return Optional.of(new Value("inner after"));
        };
        AtomicInteger outerLoads = new AtomicInteger();
        Supplier<Optional<Value>> page = () -> {
            outerLoads.incrementAndGet();
            return Optional.of(new Value("page of " + first.engine().lookup(inner, slowInner).value()
                    .orElseThrow().text()));
        };
        Cached<Value> built = first.engine().lookup(outer, page);
        assertThat(built.outcome()).isEqualTo(CacheOutcome.STALE);
        assertThat(built.age()).isEqualTo(Duration.ofSeconds(1));
        assertThat(built.value()).contains(new Value("page of inner before"));
        assertThat(first.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
        assertThat(redis.stored(outer.key())).as("not stored as fresh").isFalse();

        recomputing.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.engine().lookup(inner, slowInner).outcome()
                == CacheOutcome.HIT);
        Cached<Value> rebuilt = first.engine().lookup(outer, page);
        assertThat(rebuilt.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(rebuilt.value()).contains(new Value("page of inner after"));
        assertThat(first.engine().lookup(outer, page).outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(outerLoads.get()).isEqualTo(2);
    }

    /**
     * Loads {@code text} as the request's value and waits until its write behind has landed, so that the
     * invalidation that follows finds it stored (one invalidated while still pending is a plain miss).
     */
    private static void fill(CacheRequest<Value> request, String text) {
        first.engine().getWithFallback(request, () -> new Value(text));
        assertThat(first.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
