package io.formsapi.cache.invalidation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Announces changes to every instance over Redis pub/sub, and hears theirs. Delivery is at most once: an
 * instance that is disconnected misses events. That is safe here because correctness never depends on an
 * event arriving: entries are invalidated through tag versions in Redis, which every instance reads; the bus
 * feeds metrics and anything an instance keeps in its own memory (which must then also be cleared whenever the
 * subscription is re-established, since events may have been missed).
 */
public class CacheEventBus implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(CacheEventBus.class);

    private final String instance = UUID.randomUUID().toString();
    private final RedisTemplate<byte[], byte[]> redis;
    private final String channel;
    private final JsonMapper json = JsonMapper.builder().build();
    private final MeterRegistry metrics;
    private final boolean enabled;
    private final List<Consumer<CacheEvent>> listeners = new CopyOnWriteArrayList<>();

    public CacheEventBus(RedisTemplate<byte[], byte[]> redis, String channel, MeterRegistry metrics,
            boolean enabled) {
        this.redis = redis;
        this.channel = channel;
        this.metrics = metrics;
        this.enabled = enabled;
    }

    public String channel() {
        return channel;
    }

    public String instance() {
        return instance;
    }

    /** Called for every event from any instance, this one included. */
    public void subscribe(Consumer<CacheEvent> listener) {
        listeners.add(listener);
    }

    public void publish(String kind, List<String> tags) {
        Counter.builder("cache.invalidations").tag("kind", kind).description("Invalidations, by the change that made them")
                .register(metrics).increment();
        if (!enabled) {
            return;
        }
        try {
            byte[] message = json.writeValueAsBytes(new CacheEvent(instance, kind, tags));
            redis.execute((RedisCallback<Long>) c -> c.publish(channel.getBytes(StandardCharsets.UTF_8), message));
        } catch (RuntimeException e) {
            metrics.counter("cache.events.publish.errors", "kind", kind).increment();
            log.debug("Could not publish {} event: {}", kind, e.toString());
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        try {
            CacheEvent event = json.readValue(message.getBody(), CacheEvent.class);
            metrics.counter("cache.events.received", "kind", event.kind(), "origin",
                    instance.equals(event.instance()) ? "self" : "other").increment();
            listeners.forEach(listener -> listener.accept(event));
        } catch (JacksonException e) {
            log.warn("Ignoring a malformed message on {}", channel);
        }
    }
}
