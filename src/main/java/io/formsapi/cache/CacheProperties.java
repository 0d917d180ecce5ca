package io.formsapi.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The cache layer's settings ({@code forms.cache.*}); the seed's environment variables map onto them in
 * application.yml.
 *
 * @param enabled        CACHE_ENABLED: false bypasses Redis entirely (answers are the same, only slower)
 * @param keyPrefix      CACHE_KEY_PREFIX: namespaces every key, so that deployments can share one Redis; never
 *                       empty, so that a flush or purge touches only this service's keys
 * @param types          the cache types by name, each with its TTL and entry limit
 * @param negativeTtl    how long "not found" is remembered (capped by the type's TTL)
 * @param redisMaxMemory REDIS_MAX_MEMORY: applied with CONFIG SET at start-up when set
 * @param maxEntrySize   CACHE_MAX_ENTRY_SIZE: a value stored larger than this is served but not cached
 * @param near           the near cache in each instance
 */
@ConfigurationProperties("forms.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled, @DefaultValue("forms-api") String keyPrefix,
        Map<String, TypeSettings> types, @DefaultValue("30s") Duration negativeTtl, @DefaultValue Lease lease,
        @DefaultValue Codec codec, @DefaultValue Breaker breaker, @DefaultValue("") String redisMaxMemory,
        @DefaultValue("256KB") DataSize maxEntrySize, @DefaultValue Near near) {

    @ConstructorBinding
    public CacheProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
    }

    /** The settings without a near cache, as every instance had before it existed. */
    public CacheProperties(boolean enabled, String keyPrefix, Map<String, TypeSettings> types, Duration negativeTtl,
            Lease lease, Codec codec, Breaker breaker, String redisMaxMemory, DataSize maxEntrySize) {
        this(enabled, keyPrefix, types, negativeTtl, lease, codec, breaker, redisMaxMemory, maxEntrySize,
                Near.off());
    }

    /**
     * @param ttl          how long an entry lives
     * @param maxEntries   how many live entries the type may hold
     * @param maxBytes     how many bytes the type's stored entries may take together
     * @param freshness    strict (invalidated on write) or bounded (the previous value served after an
     *                     invalidation, for at most {@code maxStaleness} after it was loaded, while it is recomputed)
     * @param maxStaleness how old a value a bounded type may serve after an invalidation
     * @param refreshAfter a bounded value served stale is recomputed only once it is at least this old: a younger
     *                     one is served as it is, so that a burst of writes costs one recomputation per this
     *                     interval instead of one per write; below {@code maxStaleness}
     */
    public record TypeSettings(Duration ttl, int maxEntries, @DefaultValue("64MB") DataSize maxBytes,
            @DefaultValue("strict") Freshness freshness, @DefaultValue("5s") Duration maxStaleness,
            @DefaultValue("1s") Duration refreshAfter) {
    }

    /**
     * The near cache: what Redis returned, kept in this instance's memory and served while the versions it was
     * stored under are still current, as the version notifications tell.
     *
     * @param enabled       CACHE_NEAR_ENABLED
     * @param maxBytes      CACHE_NEAR_MAX_BYTES: the stored (encoded, compressed) size of the entries kept, all
     *                      types together
     * @param excludedTypes     CACHE_NEAR_EXCLUDED_TYPES: types always read from Redis
     * @param heartbeat         how often the instance publishes its heartbeat on the version channel
     * @param silence           an instance that has not processed a heartbeat of its own sent less than this long
     *                          ago may have missed notifications: it drops its near cache and bypasses it until it
     *                          hears one again
     * @param acknowledgedTags  CACHE_NEAR_ACKNOWLEDGED_TAGS: tag prefixes ({@code *}: every tag) whose invalidation
     *                          is answered only once every instance has applied it, or the silence has passed; what
     *                          a revocation bumps must be among them for auth contexts and permissions to be kept,
     *                          and an authenticated answer depending on a tag not among them reads its versions
     *                          from Redis
     */
    public record Near(@DefaultValue("false") boolean enabled, @DefaultValue("64MB") DataSize maxBytes,
            @DefaultValue({}) List<String> excludedTypes, @DefaultValue("100ms") Duration heartbeat,
            @DefaultValue("500ms") Duration silence,
            @DefaultValue("*") List<String> acknowledgedTags) {

        public Near {
            excludedTypes = excludedTypes == null ? List.of()
                    : excludedTypes.stream().filter(type -> !type.isBlank()).toList();
            acknowledgedTags = acknowledgedTags == null ? List.of()
                    : acknowledgedTags.stream().filter(tag -> !tag.isBlank()).toList();
        }

        static Near off() {
            return new Near(false, DataSize.ofMegabytes(64), List.of(), Duration.ofMillis(100),
                    Duration.ofMillis(500), List.of("*"));
        }
    }

    /**
     * The distributed lease that lets one instance load a missing entry while the others wait for its value.
     *
     * @param ttl     a lease outlives a crashed holder by at most this long; others wait as long as it lives, and
     *                the holder renews it every third of it while it loads
     * @param poll    how often a waiting instance first looks for the value (doubling up to 50 ms)
     * @param maxHold a load running longer than this stops renewing its lease, so that another instance takes
     *                over from a hung loader
     */
    public record Lease(@DefaultValue("5s") Duration ttl, @DefaultValue("10ms") Duration poll,
            @DefaultValue("60s") Duration maxHold) {
    }

    /**
     * @param compression          algorithm for values above the threshold (gzip, lz4, zstd, none)
     * @param compressionThreshold values larger than this are compressed
     * @param maxValueSize         a stored value never decodes to more than this (corrupt values are misses)
     */
    public record Codec(@DefaultValue("lz4") String compression,
            @DefaultValue("1KB") DataSize compressionThreshold, @DefaultValue("8MB") DataSize maxValueSize) {
    }

    /**
     * @param failureRateThreshold percentage of failed Redis calls that opens the breaker
     * @param minimumCalls         calls in the window before the rate counts
     * @param window               calls the failure rate is computed over
     * @param slowCall             a call slower than this counts as failed
     * @param probeInterval        while open or recovering, Redis is sampled (PING, INFO) this often
     * @param healthCheckInterval  while closed, Redis is sampled this often (the seed's health check); the Redis
     *                             gauges are as recent as the latest sample
     */
    public record Breaker(@DefaultValue("50") float failureRateThreshold, @DefaultValue("5") int minimumCalls,
            @DefaultValue("20") int window, @DefaultValue("1s") Duration slowCall,
            @DefaultValue("1s") Duration probeInterval, @DefaultValue("10s") Duration healthCheckInterval) {
    }
}
