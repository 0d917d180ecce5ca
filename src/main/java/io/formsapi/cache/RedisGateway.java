package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletionStage;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisPipelineException;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;

/**
 * The Redis commands the cache uses, each a single round trip (a pipeline where several commands go together).
 * Scripts ({@link LuaScript}) are sent by their SHA-1. The two calls of a miss that touch several keys (its set-up
 * and its write) are one script each on a single Redis; on Redis Cluster, whose keys live in different slots, they
 * are scripts that touch one key each, run one by one. Failures propagate: the caller decides what a failure
 * means.
 */
final class RedisGateway {

    private static final LuaScript ACQUIRE_LEASE = LuaScript.of("acquire-lease.lua", "leases.lua");
    private static final LuaScript INIT_VERSION = LuaScript.of("init-version.lua", "versions.lua");
    private static final LuaScript BUMP_VERSION = LuaScript.of("bump-version.lua");
    private static final LuaScript EXTEND_TTL = LuaScript.of("extend-ttl.lua", "versions.lua");
    private static final LuaScript RELEASE_LEASE = LuaScript.of("release-lease.lua", "leases.lua");
    private static final LuaScript RENEW_LEASE = LuaScript.of("renew-lease.lua");
    private static final LuaScript TRACK_ENTRY = LuaScript.of("track-entry.lua", "versions.lua", "index.lua");
    private static final LuaScript SET_UP_MISS = LuaScript.of("set-up-miss.lua", "versions.lua", "leases.lua");
    private static final LuaScript STORE_ENTRY = LuaScript.of("store-entry.lua", "versions.lua", "index.lua",
            "leases.lua");

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
        List<Command> commands = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            commands.add(initVersion(keys.get(i), initial.get(i), ttl));
        }
        return numbers(batch(commands));
    }

    private ScriptCall initVersion(String key, long initial, Duration ttl) {
        return new ScriptCall(INIT_VERSION, ReturnType.VALUE, 1, bytes(key), bytes(String.valueOf(initial)),
                bytes(String.valueOf(ttl.toMillis())));
    }

    /** The versions now stored (after setting the missing ones) and the entry's lease, read in one round trip. */
    record MissSetup(List<Long> versions, Lease lease) {
    }

    /**
     * What a miss needs before it loads, in one round trip: the missing versions set ({@link #initVersions}), then
     * the entry's lease taken and the entry read again ({@link #acquireLease(String, String, String, Duration)}).
     * One script on a single Redis; on a cluster, one script per key, one by one.
     */
    MissSetup setUpMiss(List<String> missingVersions, List<Long> initial, Duration versionTtl, String leaseKey,
            String entryKey, String token, Duration leaseTtl) {
        int count = missingVersions.size();
        return redis.execute((RedisCallback<MissSetup>) connection -> {
            if (connection instanceof RedisClusterConnection) {
                List<Object> versions = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    versions.add(initVersion(missingVersions.get(i), initial.get(i), versionTtl).run(connection));
                }
                return new MissSetup(numbers(versions),
                        lease(acquire(leaseKey, entryKey, token, leaseTtl).run(connection)));
            }
            byte[][] keysAndArgs = new byte[2 * count + 5][];
            for (int i = 0; i < count; i++) {
                keysAndArgs[i] = bytes(missingVersions.get(i));
                keysAndArgs[count + 2 + i] = bytes(String.valueOf(initial.get(i)));
            }
            keysAndArgs[count] = bytes(leaseKey);
            keysAndArgs[count + 1] = bytes(entryKey);
            keysAndArgs[2 * count + 2] = bytes(String.valueOf(versionTtl.toMillis()));
            keysAndArgs[2 * count + 3] = bytes(String.valueOf(leaseTtl.toMillis()));
            keysAndArgs[2 * count + 4] = bytes(token);
            List<?> replies = batch(connection, List.of(new ScriptCall(SET_UP_MISS, ReturnType.MULTI, count + 2,
                    keysAndArgs))).get(0) instanceof List<?> list ? list : List.of();
            if (replies.size() < count) {
                throw new IllegalStateException("set-up-miss.lua answered " + replies.size() + " replies");
            }
            return new MissSetup(numbers(replies.subList(0, count)), lease(replies.subList(count, replies.size())));
        }, true);
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
        return replicated(keys.stream().<Command>map(key -> new ScriptCall(BUMP_VERSION, ReturnType.INTEGER, 1,
                bytes(key), versionChannel)).toList(), wait);
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
    private long replicated(List<Command> writes, ReplicaWait wait) {
        if (writes.isEmpty()) {
            return wait.replicas();
        }
        List<Command> commands = new ArrayList<>(writes);
        if (wait.replicas() > 0) {
            commands.add(c -> waitFor(c, wait));
        }
        List<Object> replies = batch(commands);
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

    /**
     * Publishes {@code message} on the version channel; how many subscribers it was delivered to. Like the writes
     * ({@link #batch}), on a connection of its own: Redis holds a PUBLISH back while it is paused for a failover, and
     * the reads on the shared connection must not queue behind it.
     */
    long announce(String message) {
        Object delivered = batch(List.of(connection -> connection.publish(versionChannel, bytes(message)))).get(0);
        return delivered instanceof Long count ? count : 0;
    }

    /**
     * Hands {@code message} for {@code channel} to the client's shared connection and returns at once, before Redis
     * has answered: the one thread a pub/sub connection delivers on may send it without waiting on Redis or on
     * another thread. The stage completes with how many subscribers it was delivered to, on the client's event loop.
     * Only the shared connection outlives the call: a dedicated one would be given back, and the command cancelled.
     */
    @SuppressWarnings("unchecked")
    CompletionStage<Long> publishWithoutWaiting(byte[] channel, String message) {
        if (!(redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce)
                || !lettuce.getShareNativeConnection()) {
            throw new IllegalStateException("publishing without waiting needs Lettuce's shared connection");
        }
        return redis.execute((RedisCallback<CompletionStage<Long>>) c -> ((RedisClusterAsyncCommands<byte[], byte[]>)
                c.getNativeConnection()).publish(channel, bytes(message)), true);
    }

    byte[] versionChannel() {
        return versionChannel.clone();
    }

    /** A lease to give back in the same round trip as the writes it guarded. */
    record Release(String leaseKey, String token) {
    }

    /**
     * What one load leaves to do in Redis: its entry's write, the lease that guarded it given back, or both; either
     * may be null, not both.
     */
    record Landing(Write write, Release release) {
    }

    /**
     * Writes the landings' entries and gives their leases back, all in one round trip; returns the keys the types'
     * indexes evicted, which the caller unlinks. On a single Redis each landing is one script (a lease alone, one
     * command); on a cluster, a script or command per key, the leases after every write.
     */
    List<String> write(List<Landing> landings, long nowMillis) {
        return redis.execute((RedisCallback<List<String>>) connection -> {
            List<Command> commands = new ArrayList<>();
            List<Integer> trackReplies = new ArrayList<>();
            if (connection instanceof RedisClusterConnection) {
                perKeyWrites(landings.stream().map(Landing::write).filter(Objects::nonNull).toList(), nowMillis,
                        commands, trackReplies);
                landings.stream().map(Landing::release).filter(Objects::nonNull)
                        .forEach(r -> commands.add(release(r.leaseKey(), r.token())));
            } else {
                for (Landing landing : landings) {
                    if (landing.write() != null) {
                        trackReplies.add(commands.size());
                        commands.add(storeEntry(landing.write(), nowMillis, landing.release()));
                    } else {
                        commands.add(release(landing.release().leaseKey(), landing.release().token()));
                    }
                }
            }
            List<Object> replies = batch(connection, commands);
            List<String> evicted = new ArrayList<>();
            for (int i : trackReplies) {
                if (replies.get(i) instanceof List<?> keys) {
                    keys.forEach(k -> evicted.add(text(k)));
                }
            }
            return evicted;
        }, true);
    }

    /** One entry's write as one script: its versions kept alive, the entry set and tracked, the lease given back. */
    private static ScriptCall storeEntry(Write w, long nowMillis, Release release) {
        List<byte[]> keysAndArgs = new ArrayList<>(w.versionKeys().size() + 13);
        keysAndArgs.add(bytes(w.key()));
        keysAndArgs.add(bytes(w.indexKey()));
        keysAndArgs.add(bytes(w.sizesKey()));
        keysAndArgs.add(bytes(release == null ? w.key() : release.leaseKey()));
        w.versionKeys().forEach(key -> keysAndArgs.add(bytes(key)));
        int keys = keysAndArgs.size();
        keysAndArgs.add(w.value());
        keysAndArgs.add(bytes(release == null ? "" : release.token()));
        keysAndArgs.addAll(trackArgs(w, nowMillis));
        return new ScriptCall(STORE_ENTRY, ReturnType.MULTI, keys, keysAndArgs.toArray(byte[][]::new));
    }

    /**
     * The writes as commands that each touch one key (or keys of one hash tag), for a cluster: each version (the
     * epoch, above all) extended once per batch to the longest TTL that depends on it, then per entry its SET and
     * its tracking. {@code trackReplies} gets the positions of the tracking replies.
     */
    private static void perKeyWrites(List<Write> writes, long nowMillis, List<Command> commands,
            List<Integer> trackReplies) {
        Map<String, Long> versionTtls = new LinkedHashMap<>();
        for (Write w : writes) {
            w.versionKeys().forEach(key -> versionTtls.merge(key, w.ttl().toMillis(), Math::max));
        }
        versionTtls.forEach((versionKey, ttl) -> commands.add(new ScriptCall(EXTEND_TTL, ReturnType.INTEGER, 1,
                bytes(versionKey), bytes(String.valueOf(ttl)))));
        for (Write w : writes) {
            commands.add(c -> c.stringCommands().set(bytes(w.key()), w.value(),
                    Expiration.milliseconds(w.ttl().toMillis()), SetOption.upsert()));
            trackReplies.add(commands.size());
            List<byte[]> keysAndArgs = new ArrayList<>(trackArgs(w, nowMillis));
            keysAndArgs.add(0, bytes(w.sizesKey()));
            keysAndArgs.add(0, bytes(w.indexKey()));
            commands.add(new ScriptCall(TRACK_ENTRY, ReturnType.MULTI, 2, keysAndArgs.toArray(byte[][]::new)));
        }
    }

    /** The arguments of an entry's tracking in its type's index and size ledger (lib/index.lua). */
    private static List<byte[]> trackArgs(Write w, long nowMillis) {
        CacheType type = w.type();
        return List.of(bytes(w.key()), bytes(String.valueOf(nowMillis + w.ttl().toMillis())),
                bytes(String.valueOf(nowMillis)), bytes(String.valueOf(type.trimAbove())),
                bytes(String.valueOf(type.maxEntries())), bytes(String.valueOf(w.value().length)),
                bytes(String.valueOf(type.trimBytesAbove())), bytes(String.valueOf(type.trimBytesTo())),
                bytes(String.valueOf(w.ttl().toMillis())));
    }

    /**
     * Whether the lease of an entry was taken, the entry's bytes as stored now (null if absent), and the lease's
     * value (the holder's, or ours when taken; null if it expired in between).
     */
    record Lease(boolean taken, byte[] entry, String holder) {
    }

    /** Takes an entry's lease if it is free and reads the entry, in one round trip. */
    Lease acquireLease(String leaseKey, String entryKey, String token, Duration ttl) {
        return lease(run(acquire(leaseKey, entryKey, token, ttl)));
    }

    private static ScriptCall acquire(String leaseKey, String entryKey, String token, Duration ttl) {
        return new ScriptCall(ACQUIRE_LEASE, ReturnType.MULTI, 2, bytes(leaseKey), bytes(entryKey),
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
        return Long.valueOf(1).equals(run(new ScriptCall(RENEW_LEASE, ReturnType.INTEGER, 1, bytes(key),
                bytes(token), bytes(String.valueOf(ttl.toMillis())))));
    }

    boolean acquireLease(String key, String token, Duration ttl) {
        Boolean set = redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().set(bytes(key), bytes(token),
                Expiration.milliseconds(ttl.toMillis()), SetOption.ifAbsent()));
        return Boolean.TRUE.equals(set);
    }

    /** Gives the lease back if it is still held with {@code token}; false when it was not (expired, another's). */
    boolean releaseLease(String key, String token) {
        return Long.valueOf(1).equals(run(release(key, token)));
    }

    private static ScriptCall release(String key, String token) {
        return new ScriptCall(RELEASE_LEASE, ReturnType.INTEGER, 1, bytes(key), bytes(token));
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

    /** One command of a round trip. */
    @FunctionalInterface
    private interface Command {

        Object run(RedisConnection connection);

        /** Runs it again after the server answered NOSCRIPT: for a script, with its body. */
        default Object runWithBody(RedisConnection connection) {
            return run(connection);
        }
    }

    /** A script's call, by SHA-1; with its body where the server does not hold it. */
    private record ScriptCall(LuaScript script, ReturnType returns, int keys, byte[]... keysAndArgs)
            implements Command {

        @Override
        public Object run(RedisConnection connection) {
            try {
                return script.run(connection, returns, keys, keysAndArgs);
            } catch (RuntimeException e) {
                if (!LuaScript.missingOnServer(e)) {
                    throw e;
                }
                return runWithBody(connection);
            }
        }

        @Override
        public Object runWithBody(RedisConnection connection) {
            return script.runWithBody(connection, returns, keys, keysAndArgs);
        }
    }

    /** One command, on the connection that every single command shares. */
    private Object run(Command command) {
        return redis.execute((RedisCallback<Object>) command::run, true);
    }

    /** {@link #batch(RedisConnection, List)} on a connection of its own. */
    private List<Object> batch(List<Command> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        // The connection itself rather than the template's proxy of it, which only hides close(), for WAIT.
        return redis.execute((RedisCallback<List<Object>>) connection -> batch(connection, commands), true);
    }

    /**
     * Runs {@code commands} in one pipeline and returns their replies in order. The pipeline has a connection of
     * its own, never the one every single command shares: these are writes, which Redis holds back while it is
     * paused for a failover, and reads must not queue behind them. A cluster connection runs them one by one
     * instead, since their keys may live on different nodes. When the server answers NOSCRIPT in a pipeline, which then gives no reply of the others, the whole
     * pipeline is run again with the scripts' bodies: every pipeline here may run twice (its scripts set, extend,
     * track, release or delete what they would the first time), but for version bumps, of which a second one only
     * makes entries stale that a first one already did.
     */
    private static List<Object> batch(RedisConnection connection, List<Command> commands) {
        if (connection instanceof RedisClusterConnection) {
            List<Object> replies = new ArrayList<>(commands.size());
            commands.forEach(command -> replies.add(command.run(connection)));
            return replies;
        }
        try {
            return pipeline(connection, commands, false);
        } catch (RedisPipelineException e) {
            if (!LuaScript.missingOnServer(e)) {
                throw e;
            }
            return pipeline(connection, commands, true);
        }
    }

    private static List<Object> pipeline(RedisConnection connection, List<Command> commands, boolean withBodies) {
        connection.openPipeline();
        for (Command command : commands) {
            if (withBodies) {
                command.runWithBody(connection);
            } else {
                command.run(connection);
            }
        }
        return connection.closePipeline();
    }

    private static List<Long> numbers(List<?> replies) {
        return replies.stream().map(r -> Long.parseLong(text(r))).toList();
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
