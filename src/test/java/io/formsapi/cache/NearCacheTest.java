package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;

/**
 * The near cache of two instances on one real redis-server: a hit costs no round trip, a change made through one
 * instance reaches the other's near cache at once, excluded types are never kept, nothing is served from it while
 * notifications may be missed, it stays within its bytes, and a caller's own reads from Redis outrank it.
 */
class NearCacheTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CacheFixture fixture;
    private CacheKeys keys;
    private CacheComponents a;
    private CacheComponents b;
    private CacheType small;
    private CacheType lists;
    private CacheType strict;
    private CacheType session;

    /**
     * The fixture's types, and two bounded ones the near cache keeps: "answers", recomputed at the first stale read,
     * and "lists", only once a stale value is 4 s old.
     */
    private static Map<String, CacheProperties.TypeSettings> types() {
        Map<String, CacheProperties.TypeSettings> types = new HashMap<>(CacheFixture.defaultTypes());
        types.put("answers", CacheFixture.bounded(Duration.ofSeconds(600), Duration.ofSeconds(5)));
        types.put("lists", CacheFixture.bounded(Duration.ofSeconds(600), Duration.ofSeconds(5), Duration.ofSeconds(4)));
        return types;
    }

    @BeforeEach
    void start() {
        fixture = new CacheFixture();
        CacheProperties properties = CacheFixture.withNear(CacheFixture.properties(types()), DataSize.ofMegabytes(8));
        keys = new CacheKeys(properties);
        a = fixture.cache(properties);
        b = fixture.cache(properties);
        CacheTypes types = new CacheTypes(properties);
        small = types.get("answers");
        lists = types.get("lists");
        strict = types.get("small");
        session = types.get("user_session");
        awaitLive(a);
        awaitLive(b);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aHitKeptNearCostsNoRoundTrip() {
        CacheRequest<String> request = CacheRequest.of(small, "near:one", String.class, "thing:1");
        assertThat(a.engine().lookup(request, () -> Optional.of("v1")).outcome()).isEqualTo(CacheOutcome.MISS);
        keptNear(a, request);
        long mgets = commandCalls("mget");

        Cached<String> hit = a.engine().lookup(request, () -> Optional.of("loaded again"));

        assertThat(hit.outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(hit.value()).contains("v1");
        assertThat(commandCalls("mget")).as("MGETs sent for a near hit").isEqualTo(mgets);
        assertThat(count(a, "cache.near.hits")).isGreaterThanOrEqualTo(1);
    }

    /**
     * Setting a version up changes no data, so a cold miss (after a flush, say) announces nothing: every instance
     * would otherwise read one notification per miss of any of them. A change is announced.
     */
    @Test
    void aMissSetsUpItsVersionUnannouncedAndOnlyTheChangeIsAnnounced() {
        List<String> heard = new CopyOnWriteArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(fixture.server.host(), fixture.server.port()));
        try (StatefulRedisPubSubConnection<String, String> feed = client.connectPubSub()) {
            feed.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (message.startsWith("v ") && message.contains("thing:cold")) {
                        heard.add(message);
                    }
                }
            });
            feed.sync().subscribe(keys.versionChannel());
            CacheRequest<String> request = CacheRequest.of(strict, "near:cold", String.class, "thing:cold");

            assertThat(a.engine().lookup(request, () -> Optional.of("v1")).outcome()).isEqualTo(CacheOutcome.MISS);
            assertThat(fixture.stored(keys.tag("thing:cold"))).as("the version set up").isTrue();
            a.engine().invalidateTags("thing:cold");

            // Redis sends notifications in order: once the change's has come, any earlier one has too.
            await().atMost(Duration.ofSeconds(5)).until(() -> !heard.isEmpty());
            assertThat(heard).as("notifications of thing:cold").hasSize(1);
            assertThat(heard.get(0)).startsWith("v " + keys.tag("thing:cold") + " ");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aChangeReturnedOnOneInstanceReachesTheOthersNearCacheAtOnce() {
        AtomicReference<String> database = new AtomicReference<>("v0");
        CacheRequest<String> request = CacheRequest.of(strict, "near:shared", String.class, "thing:shared");
        for (int round = 1; round <= 50; round++) {
            keptNear(b, request, database);
            database.set("v" + round);
            a.engine().invalidateTags("thing:shared");
            String written = "v" + round;

            await().atMost(Duration.ofSeconds(1)).until(() -> b.engine()
                    .lookup(request, () -> Optional.of(database.get())).value().orElseThrow().equals(written));
        }
        assertThat(count(b, "cache.near.hits")).as("near hits on the reading instance").isGreaterThanOrEqualTo(50);
    }

    @Test
    void aBoundedValueKeptNearIsServedStaleAcrossItsDataTagWithoutARoundTripButNeverAcrossAccess() {
        AtomicReference<String> database = new AtomicReference<>("v1");
        CacheRequest<String> request = CacheRequest.of(lists, "near:list", String.class, "form:list",
                "responses:list").withStaleAcross(Set.of("responses:list"));
        keptNear(b, request, database);
        database.set("v2");
        a.engine().invalidateTags("responses:list");
        await().atMost(Duration.ofSeconds(1)).until(() -> b.engine()
                .lookup(request, () -> Optional.of(database.get())).outcome() == CacheOutcome.STALE);
        long mgets = commandCalls("mget");
        double nearHits = count(b, "cache.near.hits");

        Cached<String> stale = b.engine().lookup(request, () -> Optional.of(database.get()));

        assertThat(stale.outcome()).isEqualTo(CacheOutcome.STALE);
        assertThat(stale.value()).contains("v1");
        assertThat(stale.age()).isLessThan(Duration.ofSeconds(4));
        assertThat(commandCalls("mget")).as("MGETs sent for a stale value kept near").isEqualTo(mgets);
        assertThat(count(b, "cache.near.hits")).isEqualTo(nearHits + 1);

        a.engine().invalidateTags("form:list");
        Cached<String> afterAccessChange = b.engine().lookup(request, () -> Optional.of(database.get()));
        assertThat(afterAccessChange.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(afterAccessChange.value()).contains("v2");
    }

    @Test
    void aStaleValueKeptNearIsRecomputedOnceDueAndTheNewOneKeptInItsPlace() {
        AtomicReference<String> database = new AtomicReference<>("v1");
        CacheRequest<String> request = CacheRequest.of(small, "near:recomputed", String.class, "form:recomputed",
                "responses:recomputed").withStaleAcross(Set.of("responses:recomputed"));
        keptNear(b, request, database);
        database.set("v2");
        a.engine().invalidateTags("responses:recomputed");

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Cached<String> read = b.engine().lookup(request, () -> Optional.of(database.get()));
            b.engine().awaitWrites(Duration.ofSeconds(5));
            return read.outcome() == CacheOutcome.HIT && read.value().orElseThrow().equals("v2");
        });
        long mgets = commandCalls("mget");
        assertThat(b.engine().lookup(request, () -> Optional.of("loaded again")).value()).contains("v2");
        assertThat(commandCalls("mget")).as("the recomputed value is kept near").isEqualTo(mgets);
    }

    @Test
    void anExcludedTypeIsAlwaysReadFromRedis() {
        CacheRequest<String> auth = CacheRequest.of(session, "user:session:kept", String.class, "user:kept");
        for (int i = 0; i < 20; i++) {
            assertThat(b.engine().lookup(auth, () -> Optional.of("context")).value()).contains("context");
            b.engine().awaitWrites(Duration.ofSeconds(5));
        }
        assertThat(count(b, "cache.near.hits") + count(b, "cache.near.misses")).isZero();
        assertThat(count(b, "cache.hits")).isGreaterThanOrEqualTo(18);
    }

    @Test
    void aDroppedSubscriptionDropsWhatWasKeptBeforeItIsUsedAgain() {
        AtomicReference<String> database = new AtomicReference<>("before");
        CacheRequest<String> request = CacheRequest.of(small, "near:dropped", String.class, "thing:dropped");
        keptNear(b, request, database);
        double lapses = count(b, "cache.near.lapses");

        // A change whose notification is lost with the connection: the version moves without a PUBLISH.
        fixture.redis(c -> {
            c.serverCommands().getClientList().stream().filter(client -> !"0".equals(client.get("sub")))
                    .forEach(client -> c.serverCommands().killClient(client.getAddressPort().split(":")[0],
                            Integer.parseInt(client.getAddressPort().split(":")[1])));
            return c.stringCommands().incr(CacheFixture.bytes("test:cache:tag:thing:dropped"));
        });
        database.set("after");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(b, "cache.near.lapses") > lapses);
        awaitLive(b);

        assertThat(b.engine().lookup(request, () -> Optional.of(database.get())).value()).contains("after");
        keptNear(b, request, database);
        assertThat(b.engine().lookup(request, () -> Optional.of("loaded again")).value()).contains("after");
    }

    @Test
    void aSilentFeedBypassesTheNearCache() {
        AtomicReference<String> database = new AtomicReference<>("kept");
        CacheRequest<String> request = CacheRequest.of(small, "near:silent", String.class, "thing:silent");
        keptNear(b, request, database);

        // Writes (PUBLISH among them) wait; reads go on: heartbeats stop coming back while lookups still reach Redis.
        fixture.redis(c -> c.execute("CLIENT", CacheFixture.bytes("PAUSE"), CacheFixture.bytes("2000"),
                CacheFixture.bytes("WRITE")));
        await().atMost(Duration.ofSeconds(2)).until(() -> live(b) == 0);
        double nearHits = count(b, "cache.near.hits");

        assertThat(b.engine().lookup(request, () -> Optional.of(database.get())).value()).contains("kept");
        assertThat(count(b, "cache.near.hits")).as("near hits while silent").isEqualTo(nearHits);

        awaitLive(b);
        keptNear(b, request, database);
    }

    @Test
    void staysWithinItsBytes() {
        CacheProperties tight = CacheFixture.withNear(CacheFixture.properties(types()), DataSize.ofKilobytes(64));
        CacheComponents bounded = fixture.cache(tight);
        awaitLive(bounded);
        for (int i = 0; i < 200; i++) {
            String value = HexFormat.of().formatHex(randomBytes(1024));
            CacheRequest<String> request = CacheRequest.of(small, "near:bytes:" + i, String.class, "bytes:" + i);
            bounded.engine().lookup(request, () -> Optional.of(value));
            assertThat(bounded.engine().awaitWrites(Duration.ofSeconds(5))).isTrue();
            bounded.engine().lookup(request, () -> Optional.of(value));
        }

        double kept = fixture.registry(bounded).get("cache.near.bytes").tag("type", "answers").gauge().value();
        assertThat(kept).isPositive().isLessThanOrEqualTo(64 * 1024);
        assertThat(count(bounded, "cache.near.evictions")).isPositive();
    }

    @Test
    void aCallersOwnReadOfTheirVersionsOutranksTheNearCache() {
        CacheRequest<String> auth = CacheRequest.of(session, "user:session:u1", String.class, "user:u1",
                "sessions:u1");
        CacheRequest<String> answer = CacheRequest.of(small, "api:response:u1", String.class, "user:u1",
                "form:f1");
        AtomicReference<String> database = new AtomicReference<>("member");
        b.engine().lookup(auth, () -> Optional.of("u1"));
        keptNear(b, answer, database);
        b.engine().requestDone();

        // The revocation reaches Redis, its notification has not reached this instance (it is never sent here).
        fixture.redis(c -> c.stringCommands().incr(CacheFixture.bytes("test:cache:tag:user:u1")));
        database.set("removed");
        b.engine().lookup(auth, () -> Optional.of("u1"));

        assertThat(b.engine().lookup(answer, () -> Optional.of(database.get())).value()).contains("removed");
        b.engine().requestDone();
    }

    @Test
    void versionsReadAheadWithTheCallersAuthContextOutrankTheNearCache() {
        CacheRequest<String> auth = CacheRequest.of(session, "user:session:u2", String.class, "user:u2",
                "sessions:u2");
        CacheRequest<String> answer = CacheRequest.of(small, "api:response:u2", String.class, "user:u2",
                "responses:f2");
        AtomicReference<String> database = new AtomicReference<>("before");
        b.engine().lookup(auth, () -> Optional.of("u2"));
        keptNear(b, answer, database);
        b.engine().requestDone();

        // Responses are added in Redis; the notification has not reached this instance (it is never sent here). A tag
        // whose writes are not acknowledged: nothing waited for this instance before answering the write.
        fixture.redis(c -> c.stringCommands().incr(CacheFixture.bytes("test:cache:tag:responses:f2")));
        database.set("after");
        b.engine().lookup(auth, () -> Optional.of("u2"));
        assertThat(b.engine().lookup(answer, () -> Optional.of(database.get())).value())
                .as("without reading ahead, the near cache still trusts the notifications").contains("before");
        b.engine().requestDone();

        b.engine().readAhead(List.of("responses:f2"));
        b.engine().lookup(auth, () -> Optional.of("u2"));

        assertThat(b.engine().lookup(answer, () -> Optional.of(database.get())).value()).contains("after");
        b.engine().requestDone();
    }

    /** Reads {@code request} until the instance serves it from its near cache (the value "v1" when loaded). */
    private void keptNear(CacheComponents cache, CacheRequest<String> request) {
        keptNear(cache, request, new AtomicReference<>("v1"));
    }

    private void keptNear(CacheComponents cache, CacheRequest<String> request, AtomicReference<String> database) {
        NearCacheProbe.untilServedNear(fixture.registry(cache), () -> {
            cache.engine().lookup(request, () -> Optional.of(database.get()));
            cache.engine().awaitWrites(Duration.ofSeconds(5));
        });
    }

    private double count(CacheComponents cache, String name) {
        return fixture.registry(cache).find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double live(CacheComponents cache) {
        return NearCacheProbe.live(fixture.registry(cache));
    }

    private void awaitLive(CacheComponents cache) {
        NearCacheProbe.awaitLive(fixture.registry(cache));
    }

    private long commandCalls(String command) {
        String stats = fixture.info("commandstats").getProperty("cmdstat_" + command, "calls=0,");
        return Long.parseLong(stats.substring(stats.indexOf("calls=") + 6, stats.indexOf(',')));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
