package io.formsapi.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code forms.cache.invalidation.*}: what an invalidation (a tag's INCR, an entry's delete) must achieve before the
 * write that made it is answered. Redis replicates asynchronously, so an invalidation only the primary holds can
 * vanish when a replica is promoted; then an entry written before it would be served as fresh again.
 *
 * @param waitReplicas REDIS_WAIT_REPLICAS: replicas that must hold an invalidation ({@code WAIT}) before it is
 *                     trusted; 0 (a standalone Redis) waits for none. One acknowledged by fewer is not trusted: the
 *                     cache is bypassed until the epoch has been bumped
 * @param waitTimeout  REDIS_WAIT_TIMEOUT: how long an invalidation waits for those replicas; below the Redis command
 *                     timeout, or a slow replica would look like a failed Redis
 * @param retry        REDIS_INVALIDATION_RETRY: how long an invalidation that fails (the primary gone, its successor
 *                     not yet reached) is tried again before it is given up as lost; 0 tries once
 */
@ConfigurationProperties("forms.cache.invalidation")
public record InvalidationProperties(@DefaultValue("0") int waitReplicas,
        @DefaultValue("500ms") Duration waitTimeout, @DefaultValue("0s") Duration retry) {

    public InvalidationProperties {
        if (waitReplicas < 0) {
            throw new IllegalArgumentException("forms.cache.invalidation.wait-replicas must not be negative");
        }
        // WAIT 0 would block until the replicas answer, however long that takes.
        if (waitTimeout == null || waitTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("forms.cache.invalidation.wait-timeout must be at least 1ms");
        }
        if (retry == null || retry.isNegative()) {
            throw new IllegalArgumentException("forms.cache.invalidation.retry must not be negative");
        }
    }

    /**
     * Refuses settings that cannot work with the client's: a WAIT outlasting the command timeout turns every
     * invalidation a slow replica holds up into a failed one, and on Redis Cluster WAIT would reach some node, not
     * the one holding the key.
     */
    void requireUsableWith(Duration commandTimeout, boolean cluster) {
        if (waitReplicas > 0 && cluster) {
            throw new IllegalStateException("REDIS_WAIT_REPLICAS applies to a primary with replicas (standalone or "
                    + "Sentinel), not to Redis Cluster: set it to 0 with REDIS_CLUSTER_NODES");
        }
        if (waitReplicas > 0 && commandTimeout != null && waitTimeout.compareTo(commandTimeout) >= 0) {
            throw new IllegalStateException("REDIS_WAIT_TIMEOUT (" + waitTimeout + ") must be shorter than the Redis "
                    + "command timeout (" + commandTimeout + ")");
        }
    }

    /** Nothing waited for, nothing retried: a standalone Redis. */
    public static InvalidationProperties standalone() {
        return new InvalidationProperties(0, Duration.ofMillis(500), Duration.ZERO);
    }
}
