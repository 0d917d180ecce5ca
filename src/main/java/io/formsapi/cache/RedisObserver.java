package io.formsapi.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one watcher of Redis itself: PING, then INFO, sampled on a thread of its own and shared by everyone who
 * needs to know how Redis is doing: the circuit breaker (which closes, and bumps the epoch, on an answered
 * sample), the gauges (memory, evictions), the health check and the statistics. A sample is taken every
 * {@code interval}, every {@code urgentInterval} while {@code urgent} says so (breaker open, or an invalidation
 * lost), and on demand; concurrent demands share the sample in flight, so a hung Redis ties up one thread however
 * often it is asked about.
 */
final class RedisObserver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisObserver.class);
    /**
     * How long a pause waits for the sample in flight: one command timeout. A sample that ends later, against a
     * hung Redis, may still count against the breaker; a stop does not wait longer on a Redis that does not answer.
     */
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(5);

    /**
     * One PING and INFO, begun at {@code startedNanos} ({@link System#nanoTime()}). {@code info} is empty when INFO
     * was refused (a managed Redis may restrict it).
     */
    record Sample(boolean answered, Properties info, RuntimeException failure, long startedNanos) {

        Optional<Long> number(String name) {
            return Optional.ofNullable(RedisInfo.number(info, name));
        }
    }

    private final RedisGateway redis;
    private final Duration interval;
    private final BooleanSupplier urgent;
    private final List<Consumer<Sample>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<CompletableFuture<Sample>> inflight = new AtomicReference<>();
    private final AtomicReference<Sample> latest = new AtomicReference<>();
    private final AtomicLong samplesStarted = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "redis-observer");
        thread.setDaemon(true);
        return thread;
    });
    private final boolean watching;
    private volatile boolean paused;
    private volatile long lastSampled;

    /**
     * @param interval       how often Redis is sampled while all is well
     * @param urgentInterval how often while {@code urgent} is true
     * @param watching       false when caching is disabled: nothing is sampled then
     */
    RedisObserver(RedisGateway redis, Duration interval, Duration urgentInterval, BooleanSupplier urgent,
            boolean watching) {
        this.redis = redis;
        this.interval = interval;
        this.urgent = urgent;
        this.lastSampled = System.nanoTime();
        this.watching = watching;
        if (watching) {
            long tick = urgentInterval.toMillis();
            sampler.scheduleWithFixedDelay(this::sampleIfDue, 0, tick, TimeUnit.MILLISECONDS);
        }
    }

    /** Called with every sample taken, answered or not, on the observer's thread. */
    void onSample(Consumer<Sample> listener) {
        listeners.add(listener);
    }

    /** The sample in flight, or a new one. */
    CompletableFuture<Sample> sample() {
        while (true) {
            CompletableFuture<Sample> running = inflight.get();
            if (running != null && !running.isDone()) {
                return running;
            }
            CompletableFuture<Sample> fresh = new CompletableFuture<>();
            if (inflight.compareAndSet(running, fresh)) {
                samplesStarted.incrementAndGet();
                try {
                    sampler.execute(() -> fresh.complete(take()));
                } catch (RejectedExecutionException closed) {
                    fresh.completeExceptionally(closed);
                }
                return fresh;
            }
        }
    }

    /**
     * The sample in flight or a new one, waiting at most {@code wait}: a sample that did not complete in time is
     * reported as not answered, with a {@link TimeoutException} as its failure.
     */
    Sample sampleWithin(Duration wait) {
        try {
            return sample().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return unanswered(new IllegalStateException("no answer within " + wait, e));
        } catch (ExecutionException e) {
            return unanswered(new IllegalStateException("sampling failed", e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unanswered(new IllegalStateException("interrupted", e));
        }
    }

    private static Sample unanswered(RuntimeException failure) {
        return new Sample(false, new Properties(), failure, System.nanoTime());
    }

    /**
     * Asks for a sample without waiting for it; none while caching is disabled, when Redis may not even exist, nor
     * while paused.
     */
    void sampleSoon() {
        if (watching && !paused) {
            sample();
        }
    }

    /**
     * Takes no sample until {@link #resume()}, once the one in flight (if any) has ended: the connection factory is
     * about to stop, and a sample it refuses would count against the circuit breaker as if Redis had failed.
     */
    void pause() {
        paused = true;
        CompletableFuture<Sample> running = inflight.get();
        if (running != null) {
            try {
                running.get(PAUSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.debug("The Redis sample in flight did not end before the pause: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Samples again after {@link #pause()}, the first at once. */
    void resume() {
        paused = false;
        sampleSoon();
    }

    /** The most recent sample that completed, if any. */
    Optional<Sample> latest() {
        return Optional.ofNullable(latest.get());
    }

    /** How many samples have been started so far. */
    long samplesStarted() {
        return samplesStarted.get();
    }

    private void sampleIfDue() {
        if (paused) {
            return;
        }
        if (urgent.getAsBoolean() || System.nanoTime() - lastSampled >= interval.toNanos()) {
            sample();
        }
    }

    private Sample take() {
        long started = System.nanoTime();
        lastSampled = started;
        Sample sample;
        try {
            String pong = redis.ping();
            if (!"PONG".equalsIgnoreCase(pong)) {
                throw new IllegalStateException("Redis answered PING with " + pong);
            }
            sample = new Sample(true, info(), null, started);
        } catch (RuntimeException e) {
            log.debug("Redis sample failed: {}", e.toString());
            sample = new Sample(false, new Properties(), e, started);
        }
        latest.set(sample);
        for (Consumer<Sample> listener : listeners) {
            try {
                listener.accept(sample);
            } catch (RuntimeException e) {
                log.warn("A Redis sample listener failed", e);
            }
        }
        return sample;
    }

    private Properties info() {
        try {
            Properties info = redis.info();
            return info == null ? new Properties() : info;
        } catch (RuntimeException e) {
            return new Properties();
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
