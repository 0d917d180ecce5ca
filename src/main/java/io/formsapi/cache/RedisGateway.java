package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.types.Expiration;

/**
 * The Redis commands the cache uses, each a single round trip (a pipeline where several commands go together).
 * Scripts touch one key each, so that every command here also works on Redis Cluster. Failures propagate: the
 * caller decides what a failure means.
 */
final class RedisGateway {

    /** Returns the stored version, first setting it to ARGV[1] if the key is missing (evicted or never set). */
    private static final byte[] INIT_VERSION = bytes("""
            local v = redis.call('GET', KEYS[1])
            if not v then redis.call('SET', KEYS[1], ARGV[1]); v = ARGV[1] end
            return v""");
    /** Deletes the lease only if it is still ours: a holder that overran its TTL cannot release a successor's. */
    private static final byte[] RELEASE_LEASE = bytes("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""");
    /**
     * Records an entry in its type's index (score: expiry time) and, once the index passes the limit plus slack,
     * forgets expired members and pops the soonest-expiring ones down to the limit, returning them for UNLINK.
     */
    private static final byte[] TRACK_ENTRY = bytes("""
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            if redis.call('ZCARD', KEYS[1]) <= tonumber(ARGV[4]) then return {} end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
            local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
            if excess <= 0 then return {} end
            local popped = redis.call('ZPOPMIN', KEYS[1], excess)
            local keys = {}
            for i = 1, #popped, 2 do keys[#keys + 1] = popped[i] end
            return keys""");

    private final RedisTemplate<byte[], byte[]> redis;

    RedisGateway(RedisTemplate<byte[], byte[]> redis) {
        this.redis = redis;
    }

    /** One entry to write: its key and bytes, and how its type's index tracks it. */
    record Write(String key, byte[] value, Duration ttl, String indexKey, long trimAbove, long maxEntries) {
    }

    List<byte[]> mget(List<String> keys) {
        return redis.execute((RedisCallback<List<byte[]>>) c -> c.stringCommands().mGet(bytes(keys)));
    }

    List<Long> initVersions(List<String> keys, List<Long> initial) {
        List<Object> replies = batch(keys.size(), i -> c -> c.scriptingCommands().eval(INIT_VERSION,
                ReturnType.VALUE, 1, bytes(keys.get(i)), bytes(String.valueOf(initial.get(i)))));
        return replies.stream().map(r -> Long.parseLong(text(r))).toList();
    }

    /** Writes entries and returns the keys their indexes evicted, which the caller unlinks. */
    List<String> write(List<Write> writes, long nowMillis) {
        List<Object> replies = batch(writes.size() * 2, i -> {
            Write w = writes.get(i / 2);
            if (i % 2 == 0) {
                return c -> c.stringCommands().set(bytes(w.key()), w.value(),
                        Expiration.milliseconds(w.ttl().toMillis()), SetOption.upsert());
            }
            return c -> c.scriptingCommands().eval(TRACK_ENTRY, ReturnType.MULTI, 1, bytes(w.indexKey()),
                    bytes(w.key()), bytes(String.valueOf(nowMillis + w.ttl().toMillis())),
                    bytes(String.valueOf(nowMillis)), bytes(String.valueOf(w.trimAbove())),
                    bytes(String.valueOf(w.maxEntries())));
        });
        List<String> evicted = new ArrayList<>();
        for (int i = 1; i < replies.size(); i += 2) {
            if (replies.get(i) instanceof List<?> keys) {
                keys.forEach(k -> evicted.add(text(k)));
            }
        }
        return evicted;
    }

    boolean acquireLease(String key, String token, Duration ttl) {
        Boolean set = redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().set(bytes(key), bytes(token),
                Expiration.milliseconds(ttl.toMillis()), SetOption.ifAbsent()));
        return Boolean.TRUE.equals(set);
    }

    void releaseLease(String key, String token) {
        redis.execute((RedisCallback<Object>) c -> c.scriptingCommands().eval(RELEASE_LEASE, ReturnType.INTEGER, 1,
                bytes(key), bytes(token)));
    }

    void incr(List<String> keys) {
        batch(keys.size(), i -> c -> c.stringCommands().incr(bytes(keys.get(i))));
    }

    long unlink(List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Long removed = redis.execute((RedisCallback<Long>) c -> c.keyCommands().unlink(bytes(keys)));
        return removed == null ? 0 : removed;
    }

    /** SCAN + UNLINK in batches, on every master of a cluster; never KEYS, which blocks the server. */
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

    long dbSize() {
        Long size = redis.execute((RedisCallback<Long>) c -> c.serverCommands().dbSize());
        return size == null ? 0 : size;
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
        });
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
