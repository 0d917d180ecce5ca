package io.formsapi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;

import io.formsapi.cache.embedded.RedisServerProcess;
import io.formsapi.support.Await;

/**
 * A real primary and replica (two redis-server processes, {@code replicaof}): an invalidation is answered only once
 * the replica holds it, one the replica cannot acknowledge is not trusted, and a replica promoted without an
 * invalidation the old primary had acknowledged serves no entry from before the switch.
 */
class ReplicatedInvalidationTest {

    /** Longer than any WAIT here, so that a replica taking its time is never mistaken for a failed Redis. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    record Value(String text) {
    }

    private final CacheProperties properties = CacheFixture.properties(CacheFixture.defaultTypes());
    private final CacheKeys keys = new CacheKeys(properties);
    private CacheFixture redis;
    private RedisServerProcess replica;
    private RedisTemplate<byte[], byte[]> onPrimary;
    private RedisTemplate<byte[], byte[]> onReplica;

    @BeforeEach
    void startPrimaryAndReplica() {
        redis = new CacheFixture();
        replica = RedisServerProcess.start(0, List.of("--replicaof", redis.server.host(),
                String.valueOf(redis.server.port())));
        onPrimary = redis.template(COMMAND_TIMEOUT, redis.server.port());
        onReplica = redis.template(COMMAND_TIMEOUT, replica.port());
        // WAIT counts only replicas that finished their first synchronization: until then every invalidation
        // would be acknowledged by none.
        Await.until(() -> info(onPrimary).getProperty("slave0", "").contains("state=online")
                && "up".equals(info(onReplica).getProperty("master_link_status")));
    }

    @AfterEach
    void stop() {
        resume(replica);
        replica.close();
        redis.close();
    }

    private CacheComponents cache(int waitReplicas, Duration waitTimeout, int port) {
        return redis.cache(properties, new InvalidationProperties(waitReplicas, waitTimeout, Duration.ZERO), port,
                COMMAND_TIMEOUT);
    }

    private CacheRequest<Value> request(String id) {
        return CacheRequest.of(new CacheTypes(properties).get("form_schema"), keys.key("form", "schema", id),
                Value.class, "form:" + id);
    }

    @Test
    void anInvalidationIsAnsweredOnceTheReplicaHoldsIt() {
        CacheComponents cache = cache(1, Duration.ofSeconds(4), redis.server.port());
        CacheRequest<Value> request = request("held");
        cache.engine().getWithFallback(request, () -> new Value("old"));
        assertThat(cache.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
        long versionBefore = number(onPrimary, keys.tag("form:held"));
        long epochBefore = number(onPrimary, keys.epoch());

        // The replica is frozen, so it can acknowledge nothing until it runs again; it is let go once the primary
        // holds a client blocked in WAIT, the invalidation.
        suspend(replica);
        AtomicBoolean resuming = new AtomicBoolean();
        CompletableFuture<Void> resumer = CompletableFuture.runAsync(() -> {
            Await.until(() -> Long.parseLong(clients(onPrimary).getProperty("blocked_clients")) > 0);
            resuming.set(true);
            resume(replica);
        });
        cache.engine().invalidateTags("form:held");

        assertThat(resuming).as("the invalidation was answered only after the replica was let go").isTrue();
        resumer.join();
        assertThat(number(onReplica, keys.tag("form:held"))).as("the replica holds the INCR")
                .isEqualTo(versionBefore + 1);
        assertThat(cache.engine().redisAvailable()).as("an acknowledged invalidation is trusted").isTrue();
        assertThat(number(onPrimary, keys.epoch())).as("nothing else went stale").isEqualTo(epochBefore);
        Cached<Value> read = cache.engine().lookup(request, () -> Optional.of(new Value("new")));
        assertThat(read.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(read.value().orElseThrow().text()).isEqualTo("new");
    }

    @Test
    void anInvalidationNoReplicaAcknowledgedIsNotTrusted() {
        CacheComponents cache = cache(1, Duration.ofMillis(300), redis.server.port());
        CacheRequest<Value> request = request("alone");
        CacheRequest<Value> unrelated = request("unrelated");
        cache.engine().getWithFallback(request, () -> new Value("old"));
        cache.engine().getWithFallback(unrelated, () -> new Value("kept?"));
        assertThat(cache.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
        long epochBefore = number(onPrimary, keys.epoch());

        replica.kill();
        cache.engine().invalidateTags("form:alone");

        // The primary alone holds the INCR: a failover now could undo it, so every entry from before goes stale.
        Await.until(() -> number(onPrimary, keys.epoch()) == epochBefore + 1);
        Await.until(() -> BreakerState.CLOSED.equals(cache.administration().stats().breaker()));
        Cached<Value> read = cache.engine().lookup(request, () -> Optional.of(new Value("new")));
        assertThat(read.outcome()).isEqualTo(CacheOutcome.MISS);
        assertThat(read.value().orElseThrow().text()).isEqualTo("new");
        assertThat(cache.engine().lookup(unrelated, () -> Optional.of(new Value("reloaded"))).outcome())
                .as("entries of other tags went stale with the epoch").isEqualTo(CacheOutcome.MISS);
    }

    /**
     * While every entry is distrusted (here: an earlier invalidation no replica holds), the epoch bump that will make
     * them stale is still to come; a write answered meanwhile must have had its own invalidation delivered, or
     * another instance could serve its tag's entries as fresh until the bump lands.
     */
    @Test
    void anInvalidationWhileTheEpochBumpIsPendingIsStillDelivered() {
        CacheComponents cache = cache(1, Duration.ofMillis(300), redis.server.port());
        CacheRequest<Value> request = request("pending");
        cache.engine().getWithFallback(request, () -> new Value("old"));
        assertThat(cache.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
        long versionBefore = number(onPrimary, keys.tag("form:pending"));

        replica.kill();
        cache.engine().invalidateTags("form:first");
        cache.engine().invalidateTags("form:pending");

        assertThat(number(onPrimary, keys.tag("form:pending"))).as("the second write's own INCR")
                .isEqualTo(versionBefore + 1);
    }

    @Test
    void aPromotedReplicaServesNoEntryFromBeforeTheSwitch() {
        try (TcpProxy address = new TcpProxy(redis.server.port())) {
            // Nothing waited for: the old primary acknowledges an invalidation its replica never gets.
            CacheComponents cache = cache(0, Duration.ofMillis(300), address.port());
            CacheRequest<Value> request = request("switched");
            cache.engine().getWithFallback(request, () -> new Value("old"));
            assertThat(cache.engine().awaitWrites(Duration.ofSeconds(10))).isTrue();
            Await.until(() -> onReplica.execute((RedisCallback<Boolean>) c -> c.keyCommands()
                    .exists(bytes(request.key()))));
            long epochOnReplica = number(onReplica, keys.epoch());
            long tagOnReplica = number(onReplica, keys.tag("form:switched"));

            onReplica.execute((RedisCallback<Object>) c -> c.execute("REPLICAOF", bytes("NO"), bytes("ONE")));
            cache.engine().invalidateTags("form:switched");
            assertThat(number(onPrimary, keys.tag("form:switched"))).isEqualTo(tagOnReplica + 1);
            assertThat(number(onReplica, keys.tag("form:switched"))).as("the promoted replica never got the INCR")
                    .isEqualTo(tagOnReplica);

            address.switchTo(replica.port());
            Await.until(() -> number(onReplica, keys.epoch()) == epochOnReplica + 1);
            Cached<Value> read = cache.engine().lookup(request, () -> Optional.of(new Value("new")));
            assertThat(read.value().orElseThrow().text()).as("never the entry from before the switch")
                    .isEqualTo("new");
            Await.until(() -> cache.engine().lookup(request, () -> Optional.of(new Value("new"))).outcome()
                    == CacheOutcome.HIT);
        }
    }

    private static Properties info(RedisTemplate<byte[], byte[]> redis) {
        return redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("replication"));
    }

    private static Properties clients(RedisTemplate<byte[], byte[]> redis) {
        return redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info("clients"));
    }

    private static long number(RedisTemplate<byte[], byte[]> redis, String key) {
        byte[] value = redis.execute((RedisCallback<byte[]>) c -> c.stringCommands().get(bytes(key)));
        assertThat(value).as(key).isNotNull();
        return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void suspend(RedisServerProcess server) {
        signal(server, "STOP");
    }

    private static void resume(RedisServerProcess server) {
        if (server.isAlive()) {
            signal(server, "CONT");
        }
    }

    /** Sends a signal to the server's process, which this JVM started. */
    private static void signal(RedisServerProcess server, String signal) {
        long pid = ProcessHandle.current().children().filter(p -> serves(p, server.port())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no redis-server on " + server.port())).pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** redis-server retitles its process with its address, e.g. "redis-server 127.0.0.1:6379". */
    private static boolean serves(ProcessHandle process, int port) {
        try {
            String title = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "cmdline"),
                    StandardCharsets.ISO_8859_1).replace('\0', ' ').strip();
            return title.endsWith(":" + port);
        } catch (IOException e) {
            return false;
        }
    }

}
