package io.formsapi.caching;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Warms the cache when the application has started: in the background by default, so that start-up and
 * readiness do not wait; before the application reports ready when {@code forms.cache.warmup.blocking} is set.
 */
@Component
class WarmupOnStartup {

    private static final Logger log = LoggerFactory.getLogger(WarmupOnStartup.class);

    private final CacheWarmup warmup;
    private final WarmupProperties properties;

    WarmupOnStartup(CacheWarmup warmup, WarmupProperties properties) {
        this.warmup = warmup;
        this.properties = properties;
    }

    @EventListener(ApplicationStartedEvent.class)
    void warm() {
        if (!properties.onStartup()) {
            return;
        }
        if (properties.blocking()) {
            runSafely();
            return;
        }
        Thread background = new Thread(this::runSafely, "cache-warmup");
        background.setDaemon(true);
        background.start();
    }

    private void runSafely() {
        try {
            warmup.run();
        } catch (RuntimeException e) {
            log.warn("Cache warm-up failed; the cache fills as requests arrive", e);
        }
    }
}
