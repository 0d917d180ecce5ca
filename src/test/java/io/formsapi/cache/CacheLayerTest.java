package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ScanOptions;

import io.formsapi.support.Await;

/** The cache layer against a real redis-server of its own. */
class CacheLayerTest {

    record Item(String id, int n, List<String> words) {
    }

    private static CacheFixture redis;
    private static CacheComponents cache;
    private static CacheTypes types;
    private static CacheKeys keys;

    @BeforeAll
    static void start() {
        redis = new CacheFixture();
        CacheProperties properties = CacheFixture.properties(CacheFixture.defaultTypes());
        cache = redis.cache(properties);
        types = new CacheTypes(properties);
        keys = new CacheKeys(properties);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @BeforeEach
    void empty() {
        redis.redis(c -> {
            c.serverCommands().flushAll();
            return null;
        });
    }

    private final AtomicInteger loads = new AtomicInteger();

    private CacheRequest<Item> request(String type, String id, String... tags) {
        return CacheRequest.of(types.get(type), keys.key("item", type, id), Item.class, tags);
    }

    private Item load(String id) {
        loads.incrementAndGet();
        return new Item(id, loads.get(), List.of("a", "b"));
    }

    @Test
    void secondReadIsAHitWithTheSameValue() {
        CacheRequest<Item> request = request("form_schema", "f1", "form:f1");
        Cached<Item> first = cache.engine().lookup(request, () -> Optional.of(load("f1")));
        Cached<Item> second = cache.engine().lookup(request, () -> Optional.of(load("f1")));
        assertThat(first.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(second.outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(loads).hasValue(1);
    }

    @Test
    void everyTypeStoresWithItsOwnTtl() {
        for (CacheType type : types.all()) {
            CacheRequest<Item> request = request(type.name(), "ttl");
            cache.engine().getWithFallback(request, () -> load("ttl"));
            long ttl = redis.redis(c -> c.keyCommands().pTtl(request.key().getBytes()));
            assertThat(ttl).as(type.name()).isBetween(type.ttl().toMillis() - 5_000, type.ttl().toMillis());
        }
    }

    @Test
    void aRequestMayNameItsOwnTtl() {
        CacheRequest<Item> byType = request("query_result", "own-ttl");
        assertThat(byType.ttl()).isEqualTo(types.get("query_result").ttl());
        CacheRequest<Item> shorter = byType.withTtl(Duration.ofSeconds(7));
        cache.engine().getWithFallback(shorter, () -> load("own-ttl"));
        long ttl = redis.redis(c -> c.keyCommands().pTtl(shorter.key().getBytes()));
        assertThat(ttl).isBetween(2_000L, 7_000L);
        assertThat(cache.engine().lookup(shorter, () -> Optional.of(load("unused"))).outcome()).isEqualTo(CacheOutcome.HIT);

        CacheRequest<Item> missing = request("query_result", "own-ttl-missing").withTtl(Duration.ofSeconds(5));
        cache.engine().getOptional(missing, Optional::empty);
        long negative = redis.redis(c -> c.keyCommands().pTtl(missing.key().getBytes()));
        assertThat(negative).as("not found lives no longer than the request's ttl").isBetween(1L, 5_000L);

        CacheRequest<Item> longer = request("dashboard_widget", "own-ttl-long").withTtl(Duration.ofSeconds(900));
        cache.engine().getWithFallback(longer, () -> load("own-ttl-long"));
        long longTtl = redis.redis(c -> c.keyCommands().pTtl(longer.key().getBytes()));
        assertThat(longTtl).isBetween(895_000L, 900_000L);
        assertThat(request("query_result", "x").withTtl(null).ttl()).isEqualTo(types.get("query_result").ttl());
    }

    @Test
    void notFoundOfSomethingUnseenLeavesOnlyShortLivedVersions() {
        CacheRequest<Item> unseen = request("form_schema", "never-existed", "form:never-existed");
        assertThat(cache.engine().getOptional(unseen, Optional::empty)).isEmpty();
        Boolean stored = redis.redis(c -> c.keyCommands().exists(unseen.key().getBytes()));
        assertThat(stored).isFalse();
        for (String tag : unseen.tags()) {
            long ttl = redis.redis(c -> c.keyCommands().pTtl(("test:cache:tag:" + tag).getBytes()));
            assertThat(ttl).as(tag).isBetween(1L, Duration.ofSeconds(5).toMillis());
        }
    }

    @Test
    void notFoundIsCachedBrieflyAndEmptyValuesAreHits() {
        CacheRequest<Item> missing = request("form_schema", "ghost", "form:ghost");
        // Once something was cached under its tags (a form that existed, say), "not found" is remembered.
        cache.engine().getWithFallback(request("query_result", "ghost-search", "form:ghost"), () -> new Item("s", 0, List.of()));
        assertThat(cache.engine().getOptional(missing, () -> {
            loads.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        Cached<Item> again = cache.engine().lookup(missing, () -> Optional.of(load("ghost")));
        assertThat(again.outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(again.value()).isEmpty();
        assertThat(loads).hasValue(1);
        long ttl = redis.redis(c -> c.keyCommands().pTtl(missing.key().getBytes()));
        assertThat(ttl).isBetween(1L, Duration.ofSeconds(30).toMillis());

        CacheRequest<Item> empty = request("form_schema", "empty");
        cache.engine().getWithFallback(empty, () -> new Item("empty", 0, List.of()));
        Cached<Item> emptyAgain = cache.engine().lookup(empty, () -> Optional.of(load("empty")));
        assertThat(emptyAgain.outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(emptyAgain.value().orElseThrow().words()).isEmpty();
    }

    @Test
    void invalidatingATagMakesEveryDependentEntryMiss() {
        CacheRequest<Item> schema = request("form_schema", "f2", "form:f2");
        CacheRequest<Item> search = request("query_result", "q", "form:f2");
        CacheRequest<Item> other = request("query_result", "other", "form:f3");
        List.of(schema, search, other).forEach(r -> cache.engine().getWithFallback(r, () -> load(r.key())));
        cache.engine().invalidateTags("form:f2");
        assertThat(cache.engine().lookup(schema, () -> Optional.of(load("x"))).outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(search, () -> Optional.of(load("x"))).outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(other, () -> Optional.of(load("x"))).outcome()).isEqualTo(CacheOutcome.HIT);
    }

    @Test
    void invalidatingAKeyRemovesIt() {
        CacheRequest<Item> request = request("form_schema", "gone");
        cache.engine().getWithFallback(request, () -> load("gone"));
        cache.engine().invalidate(request.key());
        assertThat(cache.engine().lookup(request, () -> Optional.of(load("gone"))).outcome()).isEqualTo(CacheOutcome.MISS);
    }

    @Test
    void maxEntriesHoldsUnderTenfoldOverfill() {
        CacheType small = types.get("small");
        for (int i = 0; i < small.maxEntries() * 10; i++) {
            cache.engine().getWithFallback(request("small", "k" + i), () -> load("k"));
        }
        // Evicted entries are unlinked off the writer's path, so the bound holds once that thread has caught up.
        long bound = small.maxEntries() + small.maxEntries() / 100;
        Await.until(() -> countKeys(keys.prefixPattern("item", "small")) <= bound);
        assertThat(countKeys(keys.prefixPattern("item", "small"))).isGreaterThanOrEqualTo(small.maxEntries() - 1);
        assertThat(cache.engine().lookup(request("small", "k" + (small.maxEntries() * 10 - 1)),
                () -> Optional.of(load("k"))).outcome()).as("the newest entry survives").isEqualTo(CacheOutcome.HIT);
    }

    @Test
    void theByteBudgetHoldsUnderOverfill() {
        CacheType budget = types.get("budget");
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            // About 2 KB each that compression cannot shrink much: 200 of them are several times the 64 KB budget.
            List<String> words = List.of(random.ints(2_000, 'a', 'z' + 1).collect(StringBuilder::new,
                    StringBuilder::appendCodePoint, StringBuilder::append).toString());
            cache.engine().getWithFallback(request("budget", "b" + i), () -> new Item("b", 0, words));
        }
        Await.until(() -> storedBytes(keysMatching(keys.prefixPattern("item", "budget"))) <= budget.maxBytes());
        assertThat(keysMatching(keys.prefixPattern("item", "budget")).size()).isGreaterThan(20);
        assertThat(cache.engine().lookup(request("budget", "b199"), Optional::empty).outcome()).isEqualTo(CacheOutcome.HIT);
    }

    @Test
    void aValueAboveTheEntryCeilingIsServedButNotStored() {
        Random random = new Random(11);
        String big = random.ints(400_000, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        CacheRequest<Item> request = request("form_schema", "big");
        assertThat(cache.engine().getWithFallback(request, () -> new Item("big", 0, List.of(big))).words().get(0))
                .isEqualTo(big);
        Boolean stored = redis.redis(c -> c.keyCommands().exists(request.key().getBytes()));
        assertThat(stored).isFalse();
    }

    @Test
    void everyKeyTheCacheWritesHasATtl() {
        CacheRequest<Item> tagged = request("query_result", "ttl", "form:ttl", "user:ttl");
        cache.engine().getWithFallback(tagged, () -> load("ttl"));
        cache.engine().getOptional(request("form_schema", "ttl-missing", "form:ttl-missing"), Optional::empty);
        cache.engine().invalidateTags("form:ttl", "form:never-cached");
        try (CacheAdministration.Exclusive held = cache.administration().tryExclusive("ttl-check", Duration.ofSeconds(30)).orElseThrow()) {
            List<String> all = keysMatching("*");
            assertThat(all).isNotEmpty();
            for (String key : all) {
                long ttl = redis.redis(c -> c.keyCommands().pTtl(key.getBytes()));
                assertThat(ttl).as(key).isPositive();
            }
            // The version read with the entry lives at least as long as the entry.
            long entry = redis.redis(c -> c.keyCommands().pTtl(tagged.key().getBytes()));
            long version = redis.redis(c -> c.keyCommands().pTtl("test:cache:tag:user:ttl".getBytes()));
            assertThat(version).isGreaterThanOrEqualTo(entry - 1000);
        }
    }

    /**
     * Trimming pops the soonest-expiring entries first, and "not found" lives far shorter than a value: a flood of
     * requests for ids that do not exist evicts its own negative entries, not the real ones.
     */
    @Test
    void notFoundEntriesAreTrimmedBeforeRealOnes() {
        CacheType small = types.get("small");
        int realCount = small.maxEntries() - 10;
        for (int i = 0; i < realCount; i++) {
            cache.engine().getWithFallback(request("small", "real" + i), () -> load("real"));
        }
        for (int i = 0; i < small.maxEntries() * 10; i++) {
            cache.engine().getOptional(request("small", "ghost" + i), Optional::empty);
        }
        String entries = CacheKeys.escapeGlob(keys.key("item", "small"));
        // Evicted entries are unlinked off the writer's path, so the bound holds once that thread has caught up.
        Await.until(() -> countKeys(entries + ":*") <= small.maxEntries() + small.maxEntries() / 100);
        assertThat(countKeys(entries + ":real*")).isEqualTo(realCount);
    }

    @Test
    void patternInvalidationUsesScanAndEscapesGlobCharacters() {
        for (String id : List.of("a1", "a2", "b1")) {
            cache.engine().getWithFallback(request("form_schema", id), () -> load(id));
        }
        cache.engine().getWithFallback(CacheRequest.of(types.get("form_schema"), keys.key("item", "other", "a1"),
                Item.class), () -> load("a1"));
        redis.redis(c -> {
            c.serverCommands().resetConfigStats();
            return null;
        });
        long removed = cache.administration().invalidatePattern(CacheKeys.escapeGlob("item:form_schema:a") + "*");
        assertThat(removed).isEqualTo(2);
        assertThat(countKeys(keys.prefixPattern("item", "form_schema"))).isEqualTo(1);
        Properties stats = redis.info("commandstats");
        assertThat(stats.getProperty("cmdstat_scan")).isNotNull();
        assertThat(stats.getProperty("cmdstat_keys")).isNull();

        assertThat(CacheKeys.escapeGlob("x*y?z[1]\\")).isEqualTo("x\\*y\\?z\\[1\\]\\\\");
        long none = cache.administration().invalidatePattern(CacheKeys.escapeGlob("item:form_schema:*"));
        assertThat(none).as("an escaped '*' matches only a literal '*'").isZero();
        assertThat(countKeys(keys.prefixPattern("item", "form_schema"))).isEqualTo(1);
    }

    @Test
    void batchGetIsOneMget() {
        List<CacheRequest<Item>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CacheRequest<Item> request = request("form_schema", "m" + i, "form:m" + i);
            requests.add(request);
            if (i % 2 == 0) {
                cache.engine().getWithFallback(request, () -> load(request.key()));
            }
        }
        redis.redis(c -> {
            c.serverCommands().resetConfigStats();
            return null;
        });
        Map<String, Optional<Item>> found = cache.engine().getAll(requests);
        Properties stats = redis.info("commandstats");
        assertThat(found).hasSize(10);
        assertThat(stats.getProperty("cmdstat_mget")).startsWith("calls=1,");
        assertThat(stats.getProperty("cmdstat_get")).isNull();
    }

    @Test
    void aMissRunsOneScriptForItsSetUpAndOneForItsWriteBothBySha() {
        CacheRequest<Item> warmUp = request("form_schema", "s0", "form:s0");
        cache.engine().getWithFallback(warmUp, () -> load("s0"));
        redis.redis(c -> {
            c.serverCommands().resetConfigStats();
            return null;
        });
        CacheRequest<Item> request = request("form_schema", "s1", "form:s1", "user:s1");
        cache.engine().getWithFallback(request, () -> load("s1"));
        Properties stats = redis.info("commandstats");
        assertThat(stats.getProperty("cmdstat_evalsha")).as("set-up-miss.lua and store-entry.lua")
                .startsWith("calls=2,");
        assertThat(stats.getProperty("cmdstat_eval")).as("no script body sent").isNull();
        assertThat(cache.engine().lookup(request, () -> Optional.of(load("again"))).outcome())
                .isEqualTo(CacheOutcome.HIT);
    }

    @Test
    void scriptsTheServerNoLongerHoldsAreSentAgainWithTheirBodies() {
        CacheRequest<Item> single = request("form_schema", "n1", "form:n1");
        flushScripts();
        assertThat(cache.engine().lookup(single, () -> Optional.of(load("n1"))).outcome())
                .isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(single, () -> Optional.of(load("again"))).outcome())
                .as("set up and written after NOSCRIPT").isEqualTo(CacheOutcome.HIT);

        List<CacheRequest<Item>> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            batch.add(request("dashboard_widget", "n" + i, "form:b" + i, "user:b" + i));
        }
        flushScripts();
        assertThat(cache.engine().putAll(batch, rs -> {
            Map<String, Optional<Item>> values = new HashMap<>();
            rs.forEach(r -> values.put(r.key(), Optional.of(load(r.key()))));
            return values;
        })).as("a pipeline of scripts after NOSCRIPT").isEqualTo(3);
        batch.forEach(request -> assertThat(cache.engine().lookup(request, () -> Optional.of(load("again")))
                .outcome()).isEqualTo(CacheOutcome.HIT));

        flushScripts();
        cache.engine().invalidateTags("form:b0", "form:b1");
        assertThat(cache.engine().lookup(batch.get(0), () -> Optional.of(load("new"))).outcome())
                .as("both bumps of a pipeline landed after NOSCRIPT").isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(batch.get(1), () -> Optional.of(load("new"))).outcome())
                .isEqualTo(CacheOutcome.MISS);
        assertThat(cache.engine().lookup(batch.get(2), () -> Optional.of(load("new"))).outcome())
                .isEqualTo(CacheOutcome.HIT);
        assertThat(redis.info("commandstats").getProperty("cmdstat_eval")).as("bodies sent after each flush")
                .isNotNull();
    }

    private void flushScripts() {
        redis.redis(c -> {
            c.scriptingCommands().scriptFlush();
            return null;
        });
    }

    @Test
    void batchSetWritesInOnePipelineAndEntriesAreHits() {
        List<CacheRequest<Item>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(request("dashboard_widget", "w" + i, "user:u" + i));
        }
        Function<List<CacheRequest<Item>>, Map<String, Optional<Item>>> loader = rs -> {
            Map<String, Optional<Item>> values = new HashMap<>();
            rs.forEach(r -> values.put(r.key(), Optional.of(load(r.key()))));
            return values;
        };
        assertThat(cache.engine().putAll(requests, loader)).isEqualTo(5);
        for (CacheRequest<Item> request : requests) {
            assertThat(cache.engine().lookup(request, () -> Optional.of(load("again"))).outcome())
                    .isEqualTo(CacheOutcome.HIT);
        }
    }

    @Test
    void corruptEntriesAreMissesAndAreDeleted() {
        CacheRequest<Item> request = request("form_schema", "bad");
        cache.engine().getWithFallback(request, () -> load("bad"));
        for (byte[] garbage : List.of(new byte[0], "garbage".getBytes(StandardCharsets.UTF_8),
                new byte[] {1, '{', '"', 'e', '"'}, new byte[] {1, '[', ']'})) {
            redis.redis(c -> c.stringCommands().set(request.key().getBytes(), garbage));
            Cached<Item> read = cache.engine().lookup(request, () -> Optional.of(load("bad")));
            assertThat(read.outcome()).isEqualTo(CacheOutcome.MISS);
            assertThat(read.value().orElseThrow().id()).isEqualTo("bad");
        }
        redis.redis(c -> c.stringCommands().set(request.key().getBytes(), "garbage".getBytes()));
        cache.engine().lookup(request, () -> Optional.of(load("bad")));
        cache.engine().lookup(request, () -> Optional.of(load("bad")));
        byte[] stored = redis.redis(c -> c.stringCommands().get(request.key().getBytes()));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("replaced by a valid entry")
                .isNotEqualTo("garbage");
        assertThat(cache.engine().lookup(request, () -> Optional.of(load("bad"))).outcome()).isEqualTo(CacheOutcome.HIT);
    }

    @Test
    void statsCountHitsAndMissesPerTypeAndReadRedis() {
        CacheRequest<Item> request = request("user_session", "s1", "user:s1");
        cache.engine().getWithFallback(request, () -> load("s1"));
        cache.engine().getWithFallback(request, () -> load("s1"));
        CacheStats stats = cache.administration().stats();
        CacheStats.TypeStats sessions = stats.types().get("user_session");
        assertThat(sessions.hits()).isGreaterThanOrEqualTo(1);
        assertThat(sessions.misses()).isGreaterThanOrEqualTo(1);
        assertThat(sessions.hitRatio()).isBetween(0.0, 1.0);
        assertThat(stats.redis().keys()).isGreaterThan(0);
        assertThat(stats.redis().usedMemoryBytes()).isGreaterThan(0);
        assertThat(stats.redis().usedMemoryHuman()).isNotBlank();
        assertThat(stats.redis().keyspaceHits()).isNotNull();
        assertThat(stats.breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(stats.latency()).containsKey("get");
    }

    private static long storedBytes(List<String> entries) {
        return entries.stream().mapToLong(k -> redis.redis(c -> c.stringCommands().strLen(k.getBytes()))).sum();
    }

    private static long countKeys(String pattern) {
        return keysMatching(pattern).size();
    }

    private static List<String> keysMatching(String pattern) {
        return redis.redis(c -> {
            List<String> found = new java.util.ArrayList<>();
            try (var cursor = c.keyCommands().scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
                cursor.forEachRemaining(key -> found.add(new String(key, java.nio.charset.StandardCharsets.UTF_8)));
            }
            return found;
        });
    }
}
