package io.formsapi.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.RedisTemplate;

import io.formsapi.cache.codec.Compression;
import io.formsapi.cache.codec.ValueCodec;
import io.lettuce.core.event.EventBus;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.Disposables;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's parts wired together once: what {@link CacheConfiguration} exposes as beans, and what a test
 * builds to run several independent instances against one Redis. Assembled running; as a lifecycle bean it stops
 * its background work on Redis (samples, the version feed) just before the connection factory stops, and resumes it
 * just after it starts again, whether the application is closing or paused.
 */
final class CacheComponents implements SmartLifecycle, AutoCloseable {

    /** Entries written behind their callers get this long to land before a stop. */
    private static final Duration WRITES_BEFORE_STOP = Duration.ofSeconds(5);

    private final CacheEngine engine;
    private final CacheAdministration administration;
    private final CacheRegions regions;
    private final CacheHealthCheck health;
    private final RedisObserver observer;
    private final LeaseCoordinator leases;
    private final EntryWriter writer;
    private final CacheBreaker breaker;
    private final VersionFeed feed;
    private final int phase;
    private Disposable reconnects = Disposables.disposed();
    private volatile boolean running = true;

    private CacheComponents(CacheEngine engine, CacheAdministration administration, CacheRegions regions,
            CacheHealthCheck health, RedisObserver observer, LeaseCoordinator leases, EntryWriter writer,
            CacheBreaker breaker, VersionFeed feed, int phase) {
        this.feed = feed;
        this.phase = phase;
        this.engine = engine;
        this.administration = administration;
        this.regions = regions;
        this.health = health;
        this.observer = observer;
        this.leases = leases;
        this.writer = writer;
        this.breaker = breaker;
    }

    static CacheComponents assemble(CacheProperties properties, InvalidationProperties invalidation, CacheKeys keys,
            CacheTypes types, CacheHealthProperties healthSettings, RedisTemplate<byte[], byte[]> template,
            MeterRegistry registry, LookupWindow window, Clock clock) {
        RedisGateway redis = new RedisGateway(template, keys.versionChannel());
        CacheProperties.Codec settings = properties.codec();
        ValueCodec values = new ValueCodec(Compression.valueOf(settings.compression().toUpperCase(Locale.ROOT)),
                (int) settings.compressionThreshold().toBytes(), (int) settings.maxValueSize().toBytes());
        // A mapper of its own: entries must read back exactly what was written, whatever the web layer's settings.
        EntryCodec codec = new EntryCodec(JsonMapper.builder().build(), values);
        CacheMetrics metrics = new CacheMetrics(registry, window);
        AtomicReference<VersionFeed> feedOnceBuilt = new AtomicReference<>();
        // The epoch bump that ends a lost invalidation is a revocation like any other: every instance applies it
        // before this one uses Redis again.
        CacheBreaker breaker = new CacheBreaker(properties.breaker(), () -> {
            redis.bumpVersions(List.of(keys.epoch()), RedisGateway.ReplicaWait.NONE);
            VersionFeed listening = feedOnceBuilt.get();
            if (listening != null && listening.running()) {
                listening.barrier();
            }
        });
        RedisObserver observer = new RedisObserver(redis, properties.breaker().healthCheckInterval(),
                properties.breaker().probeInterval(), breaker::wantsSamples, properties.enabled());
        PrimaryWatch.watch(observer, breaker);
        new RedisGauges(observer, registry);
        RedisCalls calls = new RedisCalls(properties.enabled(), breaker, metrics);
        metrics.registerGauges(types.all(), () -> breaker.state() != BreakerState.CLOSED);
        PendingEntries pending = new PendingEntries();
        EntryReader reader = new EntryReader(keys, redis, calls, codec, metrics, pending, clock);
        EntryWriter writer = new EntryWriter(properties, keys, redis, calls, codec, metrics, clock, pending);
        LeaseCoordinator leases = new LeaseCoordinator(properties.lease(), keys, redis, calls, reader, writer,
                metrics, clock);
        CacheProperties.Near nearSettings = properties.near();
        VersionTable table = new VersionTable();
        VersionFeed feed = new VersionFeed(template.getConnectionFactory(), redis, table, calls::usable,
                nearSettings.silence(), metrics);
        feedOnceBuilt.set(feed);
        NearCache near = new NearCache(nearSettings, keys, table, feed, metrics, clock);
        feed.keeper(near);
        if (properties.enabled()) {
            // Without a near cache of its own, the instance still listens: its revocations wait for the others'.
            if (nearSettings.enabled()) {
                metrics.registerNearGauges(types.all(), near::bytes, near::live);
            }
            feed.start(nearSettings.heartbeat());
        }
        CacheEngine engine = new CacheEngine(keys, redis, calls, reader, writer, leases,
                new ReplicatedInvalidation(redis, calls, breaker, invalidation), near, metrics,
                properties.lease().ttl(), clock);
        return new CacheComponents(engine, new CacheAdministration(keys, types, redis, calls, metrics, observer,
                healthSettings.probeTimeout(), near),
                new CacheRegions(engine, keys, types), new CacheHealthCheck(calls, metrics, observer, healthSettings),
                observer, leases, writer, breaker, feed, phaseAfter(template.getConnectionFactory()));
    }

    /** Just after the connection factory's phase: started after it, stopped before it. */
    private static int phaseAfter(Object connections) {
        if (connections instanceof SmartLifecycle factory && factory.getPhase() < Integer.MAX_VALUE) {
            return factory.getPhase() + 1;
        }
        return DEFAULT_PHASE;
    }

    CacheEngine engine() {
        return engine;
    }

    CacheAdministration administration() {
        return administration;
    }

    CacheRegions regions() {
        return regions;
    }

    CacheHealthCheck health() {
        return health;
    }

    /** Holds the cache back whenever the client behind it reconnects, until Redis has said which server it is. */
    void watchReconnects(EventBus events) {
        reconnects = PrimaryWatch.watchReconnects(events, breaker);
    }

    @Override
    public synchronized void start() {
        if (!running) {
            observer.resume();
            feed.resume();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            writer.awaitWrites(WRITES_BEFORE_STOP);
            feed.pause();
            observer.pause();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    @Override
    public void close() {
        reconnects.dispose();
        feed.close();
        observer.close();
        leases.close();
        writer.close();
    }
}
