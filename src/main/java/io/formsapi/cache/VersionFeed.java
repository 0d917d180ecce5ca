package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * The version notifications, on a pub/sub connection of their own: every change of a version (the bump script
 * publishes it; a version set up on a miss changes nothing and is not announced) goes into the
 * {@link VersionTable}, and the instance's heartbeat, published on the same
 * channel every {@code heartbeat}, tells whether it is hearing everything. Pub/sub delivers nothing it missed, so
 * whenever notifications may have been lost the feed is not live and its listeners drop what they kept: until the
 * subscription is confirmed, on every (re)subscription, when its own heartbeat has not come back within
 * {@code silence}, and while Redis may not be used at all (the breaker).
 *
 * <p>The connection comes from the application's connection factory, which gives Lettuce's pub/sub connection for a
 * standalone server, the master of a sentinel set-up, or a cluster (where a PUBLISH reaches every node). Lettuce
 * reconnects and subscribes again by itself (the feed is not live from the moment its connection drops until the
 * subscription is confirmed again); a subscription that failed outright is retried on the next heartbeat.
 *
 * <p>Liveness counts from the moment the latest heartbeat this instance has processed was <em>sent</em>, on its own
 * clock, not from when it was read: a heartbeat read late, behind a backlog, proves only that everything published
 * before its sending has been read. That is what makes {@link #barrier()} strict: a writer that publishes a barrier
 * and waits until every listening instance acknowledged it, or for the silence, knows that each instance has either
 * applied its change or processed no heartbeat sent after the barrier was published, and so stopped serving from its
 * near cache by the time the silence has passed (docs/CACHE.md, "Strict revocation").
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
    private final String instance = UUID.randomUUID().toString();
    private final byte[] acknowledgements;
    private final FeedPeers peers = new FeedPeers();
    private final AtomicLong barriers = new AtomicLong();
    private final Map<Long, FeedBarrier> pending = new ConcurrentHashMap<>();
    private volatile Keeper keeper = Keeper.NOTHING;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cache-near-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private RedisConnection connection;
    private Duration interval;
    private ScheduledFuture<?> beating;
    private boolean watchingDisconnects;
    private volatile boolean subscribed;
    private volatile boolean running;
    /** When the latest own heartbeat processed was sent (nanoTime), 0 when none since the feed last lapsed. */
    private volatile long heard;
    /** When the current subscription was confirmed (nanoTime). */
    private volatile long subscribedAt;

    VersionFeed(RedisConnectionFactory connections, RedisGateway redis, VersionTable table,
            BooleanSupplier redisUsable, Duration silence, CacheMetrics metrics) {
        this.connections = connections;
        this.metrics = metrics;
        this.redis = redis;
        this.channel = redis.versionChannel();
        this.acknowledgements = acknowledgementChannel(channel, instance);
        this.table = table;
        this.redisUsable = redisUsable;
        this.silenceNanos = silence.toNanos();
    }

    /** Subscribes, and publishes the heartbeat every {@code interval}. */
    synchronized void start(Duration heartbeat) {
        interval = heartbeat;
        running = true;
        beating = beats.scheduleAtFixedRate(this::beat, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stops listening before the connection factory stops (the application is paused or closing): the others are
     * told this instance has left, so that no writer waits for its acknowledgements, and what was kept is dropped,
     * as nothing is heard until {@link #resume()}.
     */
    void pause() {
        synchronized (this) {
            if (beating == null) {
                return;
            }
            beating.cancel(false);
            beating = null;
            running = false;
        }
        // Outside the lock: a heartbeat in flight may be waiting for it to subscribe.
        awaitHeartbeatInFlight();
        synchronized (this) {
            leave();
            // A stopped factory makes a new client when it starts again: its disconnections are watched afresh.
            watchingDisconnects = false;
        }
        lapse();
    }

    /** Listens again after {@link #pause()}: subscribes and beats as {@link #start} did. */
    synchronized void resume() {
        if (interval != null && beating == null) {
            start(interval);
        }
    }

    private void awaitHeartbeatInFlight() {
        try {
            beats.submit(() -> { }).get(silenceNanos + TimeUnit.SECONDS.toNanos(10), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.debug("Waiting for the near cache's heartbeat failed: {}", e.toString());
        }
    }

    /** Whether this instance takes part: it does whenever Redis is used, near cache or not. */
    boolean running() {
        return running;
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

    /**
     * Publishes a barrier behind every change this instance has published so far and waits until each instance that
     * may serve from its near cache has acknowledged it (having applied those changes), or for the silence, after
     * which one that has not is bypassing its near cache. Whether every instance acknowledged it. When the barrier
     * cannot be published, the silence is waited out all the same: an instance that has not applied the changes has
     * processed no heartbeat published after them.
     */
    boolean barrier() {
        long number = barriers.incrementAndGet();
        FeedBarrier barrier = new FeedBarrier(instance);
        pending.put(number, barrier);
        long published = System.nanoTime();
        boolean all = false;
        try {
            barrier.delivered(redis.announce("b " + instance + " " + number));
            long since = published - silenceNanos;
            all = barrier.await(() -> subscribed && subscribedAt - since <= 0 ? peers.heardSince(since) : null,
                    System.nanoTime() + silenceNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Near cache barrier failed; waiting out the silence: {}", e.toString());
            for (long left = published + silenceNanos - System.nanoTime(); left > 0;
                    left = published + silenceNanos - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
        } finally {
            pending.remove(number);
        }
        metrics.nearBarrier(all, System.nanoTime() - published);
        return all;
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
            if (Arrays.equals(message.getChannel(), acknowledgements)) {
                acknowledged(text);
                return;
            }
            heard(text);
        } catch (RuntimeException unreadable) {
            // A notification this instance cannot read may be one it needed: nothing kept may be trusted.
            log.warn("Unreadable near cache notification; dropping the near cache: {}", unreadable.toString());
            lapse();
        }
    }

    private void heard(String text) {
        if (text.startsWith("h ")) {
            heartbeat(text);
        } else if (text.startsWith("b ")) {
            barrier(text);
        } else if (text.startsWith("q ")) {
            peers.left(text.substring(2));
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

    /** {@code h <instance> <nanoTime of its sending>}: this instance's own, or another's. */
    private void heartbeat(String text) {
        int space = text.lastIndexOf(' ');
        if (space < 3) {
            return; // an instance of an earlier release, which sends no time and acknowledges nothing
        }
        String from = text.substring(2, space);
        if (!from.equals(instance)) {
            peers.heartbeat(from, System.nanoTime());
            return;
        }
        long sent = Long.parseLong(text.substring(space + 1));
        long now = System.nanoTime();
        long last = heard;
        // Becoming live again: start from nothing. Heartbeats read behind a backlog leave the feed as it was.
        if (now - sent <= silenceNanos && (last == 0 || now - last > silenceNanos)) {
            lapse();
        }
        heard = sent;
    }

    /**
     * {@code b <writer> <number>}: every notification delivered before it has been applied (they are processed in
     * order, on this thread), so it is acknowledged, from this thread: handed to the shared connection without
     * waiting for Redis's reply, so the subscription never waits on Redis and no other thread has to wake first.
     */
    private void barrier(String text) {
        int space = text.lastIndexOf(' ');
        String writer = text.substring(2, space);
        String acknowledgement = "k " + text.substring(space + 1) + " " + instance;
        if (writer.equals(instance)) {
            acknowledged(acknowledgement);
            return;
        }
        try {
            redis.publishWithoutWaiting(acknowledgementChannel(channel, writer), acknowledgement)
                    .whenComplete((delivered, failure) -> {
                        if (failure != null) {
                            acknowledgementFailed(failure);
                        }
                    });
        } catch (RuntimeException e) {
            acknowledgementFailed(e);
        }
    }

    /** Only logged: without this acknowledgement the writer waits out the silence, which keeps revocation strict. */
    private static void acknowledgementFailed(Throwable failure) {
        log.debug("Acknowledging a near cache barrier failed: {}", failure.toString());
    }

    /** {@code k <number> <instance>}, on this instance's acknowledgement channel. */
    private void acknowledged(String text) {
        int space = text.lastIndexOf(' ');
        FeedBarrier barrier = pending.get(Long.parseLong(text.substring(2, space)));
        if (barrier != null) {
            barrier.acknowledged(text.substring(space + 1));
        }
    }

    private static byte[] acknowledgementChannel(byte[] versions, String instance) {
        return (new String(versions, StandardCharsets.UTF_8) + ":acks:" + instance).getBytes(StandardCharsets.UTF_8);
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
        if (!Arrays.equals(subscribedChannel, channel)) {
            return;
        }
        heard = 0;
        lapse();
        subscribedAt = System.nanoTime();
        subscribed = true;
    }

    @Override
    public void onChannelUnsubscribed(byte[] unsubscribedChannel, long count) {
        if (!Arrays.equals(unsubscribedChannel, channel)) {
            return;
        }
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
                redis.announce("h " + instance + " " + System.nanoTime());
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
            fresh.subscribe(this, channel, acknowledgements);
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
        running = false;
        beats.shutdownNow();
        leave();
    }

    /** Tells the others this instance no longer listens, and closes the subscription. */
    private void leave() {
        if (subscribed) {
            try {
                redis.announce("q " + instance);
            } catch (RuntimeException e) {
                log.debug("Announcing the near cache's end failed: {}", e.toString());
            }
        }
        subscribed = false;
        heard = 0;
        closeConnection();
    }
}
