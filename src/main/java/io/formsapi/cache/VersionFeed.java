package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The version notifications, on a pub/sub connection of their own: every change of a version (the bump and init
 * scripts publish it) goes into the {@link VersionTable}, and the instance's heartbeat, published on the same
 * channel every {@code heartbeat}, tells whether it is hearing everything. Pub/sub delivers nothing it missed, so
 * whenever notifications may have been lost the feed is not live and its listeners drop what they kept: until the
 * subscription is confirmed, on every (re)subscription, when its own heartbeat has not come back within
 * {@code silence}, and while Redis may not be used at all (the breaker).
 *
 * <p>The connection comes from the application's connection factory, which gives Lettuce's pub/sub connection for a
 * standalone server, the master of a sentinel set-up, or a cluster (where a PUBLISH reaches every node). Lettuce
 * reconnects and subscribes again by itself (the feed is not live from the moment its connection drops until the
 * subscription is confirmed again); a subscription that failed outright is retried on the next heartbeat.
 */
final class VersionFeed implements MessageListener, SubscriptionListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VersionFeed.class);

    private final RedisConnectionFactory connections;
    private final RedisGateway redis;
    private final byte[] channel;
    private final VersionTable table;
    private final BooleanSupplier redisUsable;
    private final CacheMetrics metrics;
    private final long silenceNanos;
    private final String heartbeat = "h " + UUID.randomUUID();
    private volatile Keeper keeper = Keeper.NOTHING;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cache-near-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private RedisConnection connection;
    private boolean watchingDisconnects;
    private volatile boolean subscribed;
    /** When this instance last heard its own heartbeat (nanoTime), 0 when not since it last lapsed. */
    private volatile long heard;

    VersionFeed(RedisConnectionFactory connections, RedisGateway redis, VersionTable table,
            BooleanSupplier redisUsable, Duration silence, CacheMetrics metrics) {
        this.connections = connections;
        this.metrics = metrics;
        this.redis = redis;
        this.channel = redis.versionChannel();
        this.table = table;
        this.redisUsable = redisUsable;
        this.silenceNanos = silence.toNanos();
    }

    /** Subscribes, and publishes the heartbeat every {@code interval}. */
    void start(Duration interval) {
        beats.scheduleAtFixedRate(this::beat, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** What is kept on the strength of the notifications, and dropped when they may have been missed. */
    interface Keeper {
        Keeper NOTHING = new Keeper() {
            @Override
            public void dropAll() {
            }

            @Override
            public void drop(String key) {
            }
        };

        void dropAll();

        void drop(String key);
    }

    void keeper(Keeper kept) {
        this.keeper = kept;
    }

    /** Whether every notification published since the near cache was last dropped has been heard. */
    boolean live() {
        long last = heard;
        return subscribed && last != 0 && System.nanoTime() - last <= silenceNanos && redisUsable.getAsBoolean();
    }

    /** Tells every instance (this one included) to drop what its near cache holds. */
    void announceClear() {
        redis.announce("c");
    }

    /** Tells every instance (this one included) to drop its near copy of {@code key}. */
    void announceDelete(String key) {
        redis.announce("d " + key);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String text = new String(message.getBody(), StandardCharsets.UTF_8);
        try {
            heard(text);
        } catch (RuntimeException unreadable) {
            // A notification this instance cannot read may be one it needed: nothing kept may be trusted.
            log.warn("Unreadable near cache notification; dropping the near cache: {}", unreadable.toString());
            lapse();
        }
    }

    private void heard(String text) {
        if (text.equals(heartbeat)) {
            long now = System.nanoTime();
            long last = heard;
            if (last == 0 || now - last > silenceNanos) {
                lapse();
            }
            heard = now;
        } else if (text.startsWith("v ")) {
            int space = text.lastIndexOf(' ');
            String value = text.substring(space + 1);
            table.announced(text.substring(2, space), value.equals("-") ? null : version(value));
        } else if (text.equals("c")) {
            lapse();
        } else if (text.startsWith("d ")) {
            keeper.drop(text.substring(2));
        }
    }

    /** The announced version, or null (unknown, so nothing relies on it) when it is not a number. */
    private static Long version(String text) {
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void onChannelSubscribed(byte[] subscribedChannel, long count) {
        heard = 0;
        lapse();
        subscribed = true;
    }

    @Override
    public void onChannelUnsubscribed(byte[] unsubscribedChannel, long count) {
        subscribed = false;
        heard = 0;
    }

    private void beat() {
        try {
            if (!live()) {
                heardNothing();
            }
            subscribe();
            if (subscribed) {
                redis.announce(heartbeat);
            }
        } catch (RuntimeException e) {
            log.debug("Near cache heartbeat failed: {}", e.toString());
        }
    }

    /** Not live: nothing kept may be served, so nothing is kept until the next heartbeat comes back. */
    private void heardNothing() {
        if (heard != 0 || table.size() > 0) {
            heard = 0;
            lapse();
        }
    }

    private synchronized void subscribe() {
        watchDisconnects();
        if (connection != null && connection.isSubscribed()) {
            return;
        }
        subscribed = false;
        closeConnection();
        RedisConnection fresh = connections.getConnection();
        try {
            fresh.subscribe(this, channel);
            connection = fresh;
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    /**
     * A pub/sub connection that drops loses what is published until Lettuce has reconnected and subscribed again:
     * the feed stops being live the moment it drops, not a silence later.
     */
    private void watchDisconnects() {
        if (watchingDisconnects || !(connections instanceof LettuceConnectionFactory lettuce)
                || lettuce.getNativeClient() == null) {
            return;
        }
        lettuce.getNativeClient().addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> dropped) {
                if (dropped instanceof StatefulRedisPubSubConnection<?, ?>) {
                    subscribed = false;
                    heard = 0;
                    lapse();
                }
            }
        });
        watchingDisconnects = true;
    }

    private void lapse() {
        metrics.nearLapse();
        table.clear();
        keeper.dropAll();
    }

    private synchronized void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                log.debug("Closing the near cache's subscription failed: {}", e.toString());
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
        subscribed = false;
        heard = 0;
        closeConnection();
    }
}
