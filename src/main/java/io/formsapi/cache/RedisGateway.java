package io.formsapi.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;

/**
 * The Redis commands the cache uses, each a single round trip (a pipeline where several commands go together).
 * Scripts (resources beside this class) touch one key each, so that every command here also works on Redis
 * Cluster. Failures propagate: the caller decides what a failure means.
 */
final class RedisGateway {

    private static final byte[] ACQUIRE_LEASE = script("acquire-lease.lua");
    private static final byte[] INIT_VERSION = script("init-version.lua");
    private static final byte[] BUMP_VERSION = script("bump-version.lua");
    private static final byte[] EXTEND_TTL = script("extend-ttl.lua");
    private static final byte[] RELEASE_LEASE = script("release-lease.lua");
    private static final byte[] RENEW_LEASE = script("renew-lease.lua");
    private static final byte[] TRACK_ENTRY = script("track-entry.lua");

    private final RedisTemplate<byte[], byte[]> redis;
    private final byte[] versionChannel;

    /** @param versionChannel where the version scripts announce each change, for the instances' near caches */
    RedisGateway(RedisTemplate<byte[], byte[]> redis, String versionChannel) {
        this.redis = redis;
        this.versionChannel = bytes(versionChannel);
    }

    /**
     * One entry to write: its key and bytes, how long it lives, the version keys it was read with (kept alive at
     * least as long as the entry), and how its type's index and size ledger track it.
     */
    record Write(String key, byte[] value, Duration ttl, List<String> versionKeys, CacheType type, String indexKey,
            String sizesKey) {
    }

    List<byte[]> mget(List<String> keys) {
        return redis.execute((RedisCallback<List<byte[]>>) c -> c.stringCommands().mGet(bytes(keys)));
    }

    /** Sets missing versions to the given values, living {@code ttl}; returns the versions now stored. */
    List<Long> initVersions(List<String> keys, List<Long> initial, Duration ttl) {
        List<Object> replies = batch(keys.size(), i -> initVersion(keys.get(i), initial.get(i), ttl));
        return replies.stream().map(r -> Long.parseLong(text(r))).toList();
    }

    private Function<RedisConnection, Object> initVersion(String key, long initial, Duration ttl) {
        return c -> c.scriptingCommands().eval(INIT_VERSION, ReturnType.VALUE, 1, bytes(key),
                bytes(String.valueOf(initial)), bytes(String.valueOf(ttl.toMillis())), versionChannel);
    }

    /** The versions now stored (after setting the missing ones) and the entry's lease, read in one round trip. */
    record MissSetup(List<Long> versions, Lease lease) {
    }

    /**
     * What a miss needs before it loads, in one pipeline: the missing versions set ({@link #initVersions}), then
     * the entry's lease taken and the entry read again ({@link #acquireLease(String, String, String, Duration)}).
     */
    MissSetup setUpMiss(List<String> missingVersions, List<Long> initial, Duration versionTtl, String leaseKey,
            String entryKey, String token, Duration leaseTtl) {
        int count = missingVersions.size();
        List<Object> replies = batch(count + 1, i -> i < count
                ? initVersion(missingVersions.get(i), initial.get(i), versionTtl)
                : acquire(leaseKey, entryKey, token, leaseTtl));
        List<Long> versions = replies.subList(0, count).stream().map(r -> Long.parseLong(text(r))).toList();
        return new MissSetup(versions, lease(replies.get(count)));
    }

    /** How many replicas must hold a write before it is answered, and how long to wait for them. */
    record ReplicaWait(int replicas, Duration timeout) {

        static final ReplicaWait NONE = new ReplicaWait(0, Duration.ZERO);
    }

    /**
     * Increments the versions that exist, each change announced on the version channel; returns how many replicas
     * hold the increments (see {@link #replicated}).
     */
    long bumpVersions(List<String> keys, ReplicaWait wait) {
        return replicated(keys.stream().<Function<RedisConnection, Object>>map(key -> c -> c.scriptingCommands()
                .eval(BUMP_VERSION, ReturnType.INTEGER, 1, bytes(key), versionChannel)).toList(), wait);
    }

    /** Deletes entries; returns how many replicas hold the deletes (see {@link #replicated}). */
    long unlink(List<String> keys, ReplicaWait wait) {
        return replicated(List.of(c -> c.keyCommands().unlink(bytes(keys))), wait);
    }

    /**
     * Runs {@code writes} in one pipeline followed by {@code WAIT}, which answers once {@code wait.replicas()} hold
     * them or its timeout has passed, with the number that do. WAIT covers only the writes of its own connection, so
     * it goes in the pipeline, whose connection is a dedicated one: the connection every single command shares is
     * never blocked behind it. Returns 0 when no replica is waited for, and {@code wait.replicas()} when there is
     * nothing to write.
     */
    private long replicated(List<Function<RedisConnection, Object>> writes, ReplicaWait wait) {
        if (writes.isEmpty()) {
            return wait.replicas();
        }
        List<Function<RedisConnection, Object>> commands = new ArrayList<>(writes);
        if (wait.replicas() > 0) {
            commands.add(c -> waitFor(c, wait));
        }
        List<Object> replies = batch(commands.size(), commands::get);
        return wait.replicas() > 0 && replies.get(replies.size() - 1) instanceof Long acknowledged ? acknowledged : 0;
    }

    /**
     * {@code WAIT} with an integer reply. The generic {@link RedisConnection#execute(String, byte[]...)} expects a
     * bulk string for commands it does not know and fails on WAIT's integer, so the reply's type is given to the
     * Lettuce connection itself ({@link #batch} is handed the connection, not the template's proxy of it).
     */
    private static Object waitFor(RedisConnection connection, ReplicaWait wait) {
        if (!(connection instanceof LettuceConnection lettuce)) {
            throw new IllegalStateException("waiting for replicas needs a Lettuce connection, not "
                    + connection.getClass().getName());
        }
        return lettuce.execute("WAIT", new IntegerOutput<>(ByteArrayCodec.INSTANCE),
                bytes(String.valueOf(wait.replicas())), bytes(String.valueOf(wait.timeout().toMillis())));
    }

    /** Publishes {@code message} on the version channel; how many subscribers it was delivered to. */
    long announce(String message) {
        return publish(versionChannel, message);
    }

    /** Publishes {@code message} on {@code channel}; how many subscribers it was delivered to. */
    long publish(byte[] channel, String message) {
        Long delivered = redis.execute((RedisCallback<Long>) c -> c.publish(channel, bytes(message)));
        return delivered == null ? 0 : delivered;
    }

    byte[] versionChannel() {
        return versionChannel.clone();
    }

    /** A lease to give back in the same round trip as the writes it guarded. */
    record Release(String leaseKey, String token) {
    }

    /**
     * Writes entries, then releases {@code release} if not null, in one pipeline; returns the keys the types'
     * indexes evicted, which the caller unlinks.
     */
    List<String> write(List<Write> writes, long nowMillis, Release release) {
        List<Function<RedisConnection, Object>> commands = new ArrayList<>();
        List<Integer> trackReplies = new ArrayList<>();
        // Each version (the epoch, above all) is extended once per batch, to the longest TTL that depends on it.
        Map<String, Long> versionTtls = new LinkedHashMap<>();
        for (Write w : writes) {
            w.versionKeys().forEach(key -> versionTtls.merge(key, w.ttl().toMillis(), Math::max));
        }
        versionTtls.forEach((versionKey, ttl) -> commands.add(c -> c.scriptingCommands().eval(EXTEND_TTL,
                ReturnType.INTEGER, 1, bytes(versionKey), bytes(String.valueOf(ttl)))));
        for (Write w : writes) {
            String ttl = String.valueOf(w.ttl().toMillis());
            commands.add(c -> c.stringCommands().set(bytes(w.key()), w.value(),
                    Expiration.milliseconds(w.ttl().toMillis()), SetOption.upsert()));
            trackReplies.add(commands.size());
            CacheType type = w.type();
            commands.add(c -> c.scriptingCommands().eval(TRACK_ENTRY, ReturnType.MULTI, 2, bytes(w.indexKey()),
                    bytes(w.sizesKey()), bytes(w.key()), bytes(String.valueOf(nowMillis + w.ttl().toMillis())),
                    bytes(String.valueOf(nowMillis)), bytes(String.valueOf(type.trimAbove())),
                    bytes(String.valueOf(type.maxEntries())), bytes(String.valueOf(w.value().length)),
                    bytes(String.valueOf(type.trimBytesAbove())), bytes(String.valueOf(type.trimBytesTo())),
                    bytes(ttl)));
        }
        if (release != null) {
            commands.add(release(release.leaseKey(), release.token()));
        }
        List<Object> replies = batch(commands.size(), commands::get);
        List<String> evicted = new ArrayList<>();
        for (int i : trackReplies) {
            if (replies.get(i) instanceof List<?> keys) {
                keys.forEach(k -> evicted.add(text(k)));
            }
        }
        return evicted;
    }

    /**
     * Whether the lease of an entry was taken, the entry's bytes as stored now (null if absent), and the lease's
     * value (the holder's, or ours when taken; null if it expired in between).
     */
    record Lease(boolean taken, byte[] entry, String holder) {
    }

    /** Takes an entry's lease if it is free and reads the entry, in one round trip. */
    Lease acquireLease(String leaseKey, String entryKey, String token, Duration ttl) {
        return lease(redis.execute((RedisCallback<Object>) acquire(leaseKey, entryKey, token, ttl)::apply));
    }

    private static Function<RedisConnection, Object> acquire(String leaseKey, String entryKey, String token,
            Duration ttl) {
        return c -> c.scriptingCommands().eval(ACQUIRE_LEASE, ReturnType.MULTI, 2, bytes(leaseKey), bytes(entryKey),
                bytes(String.valueOf(ttl.toMillis())), bytes(token));
    }

    private static Lease lease(Object reply) {
        List<?> parts = reply instanceof List<?> list ? list : List.of();
        boolean taken = !parts.isEmpty() && parts.get(0) instanceof Long flag && flag == 1L;
        byte[] entry = parts.size() > 1 && parts.get(1) instanceof byte[] bytes ? bytes : null;
        String holder = parts.size() > 2 && parts.get(2) instanceof byte[] bytes ? text(bytes) : null;
        return new Lease(taken, entry, holder);
    }

    /** Extends a lease that is still held with {@code token}; false when it is not (expired, or another's). */
    boolean renewLease(String key, String token, Duration ttl) {
        Long renewed = redis.execute((RedisCallback<Long>) c -> c.scriptingCommands().eval(RENEW_LEASE,
                ReturnType.INTEGER, 1, bytes(key), bytes(token), bytes(String.valueOf(ttl.toMillis()))));
        return renewed != null && renewed == 1L;
    }

    boolean acquireLease(String key, String token, Duration ttl) {
        Boolean set = redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().set(bytes(key), bytes(token),
                Expiration.milliseconds(ttl.toMillis()), SetOption.ifAbsent()));
        return Boolean.TRUE.equals(set);
    }

    /** Gives the lease back if it is still held with {@code token}; false when it was not (expired, another's). */
    boolean releaseLease(String key, String token) {
        return Long.valueOf(1).equals(redis.execute((RedisCallback<Object>) release(key, token)::apply));
    }

    private static Function<RedisConnection, Object> release(String key, String token) {
        return c -> c.scriptingCommands().eval(RELEASE_LEASE, ReturnType.INTEGER, 1, bytes(key), bytes(token));
    }

    long unlink(List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Long removed = redis.execute((RedisCallback<Long>) c -> c.keyCommands().unlink(bytes(keys)));
        return removed == null ? 0 : removed;
    }

    /** SCAN + UNLINK in batches, on every master of a cluster: never a one-shot listing that blocks the server. */
    long unlinkMatching(String pattern, int batchSize) {
        return redis.execute((RedisCallback<Long>) connection -> {
            ScanOptions options = ScanOptions.scanOptions().match(pattern).count(batchSize).build();
            if (connection instanceof RedisClusterConnection cluster) {
                long removed = 0;
                for (RedisClusterNode node : cluster.clusterGetNodes()) {
                    if (node.isMaster()) {
                        removed += unlinkAll(cluster, cluster.scan(node, options), batchSize);
                    }
                }
                return removed;
            }
            return unlinkAll(connection, connection.keyCommands().scan(options), batchSize);
        });
    }

    String ping() {
        return redis.execute(RedisConnection::ping);
    }

    Properties info() {
        return redis.execute((RedisCallback<Properties>) c -> c.serverCommands().info());
    }

    void configSet(String parameter, String value) {
        redis.execute((RedisCallback<Object>) c -> {
            c.serverCommands().setConfig(parameter, value);
            return null;
        });
    }

    private static long unlinkAll(RedisConnection connection, Cursor<byte[]> cursor, int batchSize) {
        long removed = 0;
        List<byte[]> batch = new ArrayList<>(batchSize);
        try (cursor) {
            while (cursor.hasNext()) {
                batch.add(cursor.next());
                if (batch.size() == batchSize) {
                    removed += unlinkBatch(connection, batch);
                }
            }
        }
        return removed + unlinkBatch(connection, batch);
    }

    private static long unlinkBatch(RedisConnection connection, List<byte[]> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        Long removed = connection.keyCommands().unlink(batch.toArray(byte[][]::new));
        batch.clear();
        return removed == null ? 0 : removed;
    }

    /**
     * Runs {@code count} commands in one pipeline and returns their replies in order. A cluster connection runs
     * them one by one instead, since its keys may live on different nodes.
     */
    private List<Object> batch(int count, Function<Integer, Function<RedisConnection, Object>> command) {
        if (count == 0) {
            return List.of();
        }
        // The connection itself rather than the template's proxy of it, which only hides close(), for WAIT.
        return redis.execute((RedisCallback<List<Object>>) connection -> {
            if (connection instanceof RedisClusterConnection) {
                List<Object> replies = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    replies.add(command.apply(i).apply(connection));
                }
                return replies;
            }
            connection.openPipeline();
            for (int i = 0; i < count; i++) {
                command.apply(i).apply(connection);
            }
            return connection.closePipeline();
        }, true);
    }

    /** The Lua scripts live beside this class as resources; each touches one key, so they run on a cluster. */
    private static byte[] script(String name) {
        try (InputStream in = RedisGateway.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[][] bytes(List<String> keys) {
        return keys.stream().map(RedisGateway::bytes).toArray(byte[][]::new);
    }
}
