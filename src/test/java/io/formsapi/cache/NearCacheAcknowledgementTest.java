package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.Timer;

/**
 * Strict revocation with auth contexts in the near cache, on one real redis-server: a revocation answered through
 * one instance is answered only once every other instance has applied it, so none serves the revoked auth context
 * from its near cache afterwards, not even without a Redis read of its own; and an instance too slow to read its
 * subscription is waited for until the silence, by which time it no longer serves from its near cache, nor does it
 * when it finally reads the backlog. An answer that depends on a tag whose writes are not acknowledged has that
 * tag's version read from Redis, even when the caller's auth context is kept near.
 */
class NearCacheAcknowledgementTest {

    private CacheFixture fixture;
    private TcpProxy proxy;
    private CacheComponents writer;
    private CacheComponents reader;
    private CacheComponents slow;
    private CacheType session;
    private CacheType form;
    private CacheType answers;

    @BeforeEach
    void start() {
        fixture = new CacheFixture();
        CacheProperties properties = CacheFixture.withNear(CacheFixture.properties(CacheFixture.defaultTypes()),
                DataSize.ofMegabytes(8), List.of());
        proxy = new TcpProxy(fixture.server.port());
        writer = fixture.cache(properties);
        reader = fixture.cache(properties);
        slow = fixture.cache(properties, proxy.port());
        CacheTypes types = new CacheTypes(properties);
        session = types.get("user_session");
        form = types.get("form_schema");
        answers = types.get("small");
        for (CacheComponents instance : List.of(writer, reader, slow)) {
            awaitLive(instance);
        }
        // A writer knows every instance listening once its own subscription is older than the silence.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            double acknowledged = barriers(writer, "acknowledged");
            writer.engine().invalidateTags("user:nobody");
            return barriers(writer, "acknowledged") > acknowledged;
        });
    }

    @AfterEach
    void stop() {
        proxy.close();
        fixture.close();
    }

    @Test
    void aLogoutAnsweredOnOneInstanceIsAppliedOnEveryOtherBeforeItIsAnswered() {
        AtomicReference<String> database = new AtomicReference<>("session 0");
        CacheRequest<String> context = CacheRequest.of(session, "user:session:u1", String.class, "user:u1",
                "sessions:u1");
        for (int round = 1; round <= 30; round++) {
            keptNear(reader, context, database);
            keptNear(slow, context, database);
            database.set("session " + round);
            double acknowledged = barriers(writer, "acknowledged");

            writer.engine().invalidateTags("sessions:u1");

            assertThat(barriers(writer, "acknowledged")).as("round %d acknowledged by all", round)
                    .isEqualTo(acknowledged + 1);
            for (CacheComponents other : List.of(reader, slow)) {
                double nearHits = nearHits(other);
                assertThat(other.engine().lookup(context, () -> Optional.of(database.get())).value())
                        .as("round %d", round).contains("session " + round);
                assertThat(nearHits(other)).as("round %d: no near hit on the revoked context", round)
                        .isEqualTo(nearHits);
                other.engine().requestDone();
            }
        }
    }

    @Test
    void aMemberRemovalReachesTheFormDocumentKeptNearOnEveryInstance() {
        AtomicReference<String> database = new AtomicReference<>("members: u1, u2");
        CacheRequest<String> document = CacheRequest.of(form, "form:schema:f1", String.class, "form:f1");
        for (int round = 1; round <= 30; round++) {
            keptNear(reader, document, database);
            database.set("members: u1 (round " + round + ")");

            writer.engine().invalidateTags("form:f1", "user:u2");

            assertThat(reader.engine().lookup(document, () -> Optional.of(database.get())).value())
                    .as("round %d", round).contains("members: u1 (round " + round + ")");
        }
    }

    @Test
    void anInstanceSlowToReadItsSubscriptionIsWaitedForAndBypassesItsNearCache() {
        AtomicReference<String> database = new AtomicReference<>("admin");
        CacheRequest<String> context = CacheRequest.of(session, "user:session:u3", String.class, "user:u3",
                "sessions:u3");
        for (int round = 1; round <= 3; round++) {
            keptNear(slow, context, database);
            keptNear(reader, context, database);
            assertThat(proxy.hold(subscriberPorts())).as("the slow instance's subscription held").isEqualTo(1);
            database.set("not admin (round " + round + ")");
            double silences = barriers(writer, "silence");

            writer.engine().invalidateTags("user:u3");

            assertThat(barriers(writer, "silence")).as("round %d: waited for the slow instance until the silence",
                    round).isEqualTo(silences + 1);
            assertThat(live(slow)).as("round %d: the slow instance is no longer live", round).isZero();
            double nearHits = nearHits(slow);
            assertThat(slow.engine().lookup(context, () -> Optional.of(database.get())).value())
                    .as("round %d: the slow instance reads Redis", round).contains(database.get());
            slow.engine().requestDone();
            assertThat(reader.engine().lookup(context, () -> Optional.of(database.get())).value())
                    .contains(database.get());
            assertThat(nearHits(slow)).isEqualTo(nearHits);

            // The backlog it reads now (heartbeats sent before the revocation among them) never makes it serve the
            // revoked context from memory.
            proxy.release();
            String revoked = database.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                assertThat(slow.engine().lookup(context, () -> Optional.of(database.get())).value())
                        .as("while reading the backlog").contains(revoked);
                slow.engine().requestDone();
                return live(slow) == 1;
            });
        }
    }

    @Test
    void anAnswerOnATagThatIsNotAcknowledgedHasItsVersionsReadFromRedisEvenWithTheAuthContextKeptNear() {
        CacheRequest<String> context = CacheRequest.of(session, "user:session:u4", String.class, "user:u4",
                "sessions:u4");
        CacheRequest<String> answer = CacheRequest.of(answers, "api:response:u4", String.class, "user:u4",
                "responses:f4");
        AtomicReference<String> database = new AtomicReference<>("3 responses");
        keptNear(reader, context, new AtomicReference<>("u4"));
        keptNear(reader, answer, database);

        // A submission reaches Redis; its notification has not reached this instance (it is never sent here), and
        // nothing waited for this instance: responses: is not acknowledged.
        fixture.redis(c -> c.stringCommands().incr(CacheFixture.bytes("test:cache:tag:responses:f4")));
        database.set("4 responses");
        reader.engine().readAhead(List.of("responses:f4"));
        reader.engine().lookup(context, () -> Optional.of("u4"));

        assertThat(reader.engine().lookup(answer, () -> Optional.of(database.get())).value())
                .contains("4 responses");
        reader.engine().requestDone();
    }

    /** The server-side ports of every subscribed connection: the proxy holds those that are its own. */
    private Set<Integer> subscriberPorts() {
        return fixture.redis(c -> c.serverCommands().getClientList()).stream()
                .filter(client -> !"0".equals(client.get("sub")))
                .map(client -> Integer.parseInt(client.getAddressPort().substring(
                        client.getAddressPort().lastIndexOf(':') + 1)))
                .collect(Collectors.toSet());
    }

    private void keptNear(CacheComponents cache, CacheRequest<String> request, AtomicReference<String> database) {
        NearCacheProbe.untilServedNear(fixture.registry(cache), () -> {
            cache.engine().lookup(request, () -> Optional.of(database.get()));
            cache.engine().awaitWrites(Duration.ofSeconds(5));
            cache.engine().requestDone();
        });
    }

    private double nearHits(CacheComponents cache) {
        return NearCacheProbe.nearHits(fixture.registry(cache));
    }

    private double barriers(CacheComponents cache, String outcome) {
        return fixture.registry(cache).find("cache.near.barriers").tag("outcome", outcome).timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    private double live(CacheComponents cache) {
        return NearCacheProbe.live(fixture.registry(cache));
    }

    private void awaitLive(CacheComponents cache) {
        NearCacheProbe.awaitLive(fixture.registry(cache));
    }
}
