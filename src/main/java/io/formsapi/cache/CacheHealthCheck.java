package io.formsapi.cache;

import java.util.Properties;
import java.util.concurrent.TimeoutException;

import org.springframework.dao.QueryTimeoutException;

import io.formsapi.cache.CacheHealth.Check;
import io.formsapi.cache.CacheHealth.Window;
import io.lettuce.core.RedisCommandTimeoutException;

/**
 * The cache's health for operators (the seed's {@code /api/v1/health/cache}): the hit ratio over a sliding
 * window rather than since start, and whether Redis can be used, answered quickly.
 *
 * <p>A request never waits out the 5 s command timeout: with the breaker open Redis is not asked at all, and
 * otherwise the request asks the {@link RedisObserver} for a sample (PING and INFO, on the observer's thread)
 * and waits at most {@code forms.cache.health.probe-timeout}. Concurrent requests share the sample in flight,
 * so a hung Redis ties up one thread however often health is polled.
 */
public final class CacheHealthCheck {

    private final RedisCalls calls;
    private final CacheMetrics metrics;
    private final RedisObserver observer;
    private final CacheHealthProperties settings;

    CacheHealthCheck(RedisCalls calls, CacheMetrics metrics, RedisObserver observer, CacheHealthProperties settings) {
        this.calls = calls;
        this.metrics = metrics;
        this.observer = observer;
        this.settings = settings;
    }

    public CacheHealthProperties settings() {
        return settings;
    }

    public CacheHealth check() {
        LookupWindow.Counts counts = metrics.window();
        Window window = new Window(counts.window(), counts.hits(), counts.misses(), counts.errors());
        if (!calls.enabled()) {
            return new CacheHealth(CacheHealth.Status.DISABLED, null, Check.NOT_ASKED, window, null);
        }
        BreakerState breaker = calls.breakerState();
        if (breaker == BreakerState.OPEN) {
            return new CacheHealth(CacheHealth.Status.DOWN, breaker, Check.NOT_ASKED, window, null);
        }
        RedisObserver.Sample sample = observer.sampleWithin(settings.probeTimeout());
        Check check = sample.answered() ? Check.OK : timedOut(sample.failure()) ? Check.TIMED_OUT : Check.FAILED;
        return new CacheHealth(CacheHealth.status(true, check, window, settings), breaker, check, window,
                sample.answered() ? redis(sample.info()) : null);
    }

    /** How many samples of Redis have been started so far. */
    long probesStarted() {
        return observer.samplesStarted();
    }

    /** A sample that ran into the client's own command timeout: as slow as one this request gave up on. */
    private static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof QueryTimeoutException || cause instanceof RedisCommandTimeoutException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static CacheHealth.Redis redis(Properties info) {
        return new CacheHealth.Redis(info.getProperty("redis_version"), info.getProperty("role"),
                RedisInfo.number(info, "used_memory"), info.getProperty("used_memory_human"),
                RedisInfo.number(info, "evicted_keys"));
    }
}
