package io.formsapi.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The configured cache types, looked up by name. */
@Component
public class CacheTypes {

    private final Map<String, CacheType> types = new LinkedHashMap<>();

    CacheTypes(CacheProperties properties) {
        properties.types().forEach((name, settings) -> {
            if (settings.ttl() == null || settings.ttl().isNegative() || settings.ttl().isZero()) {
                throw new IllegalArgumentException("cache type " + name + " needs a positive ttl");
            }
            if (settings.maxEntries() < 1) {
                throw new IllegalArgumentException("cache type " + name + " needs max-entries of at least 1");
            }
            if (settings.maxBytes().toBytes() < 1) {
                throw new IllegalArgumentException("cache type " + name + " needs a positive max-bytes");
            }
            Duration maxStaleness = Duration.ZERO;
            Duration refreshAfter = Duration.ZERO;
            if (settings.freshness() == Freshness.BOUNDED) {
                if (settings.maxStaleness() == null || settings.maxStaleness().isNegative()
                        || settings.maxStaleness().isZero()) {
                    throw new IllegalArgumentException("cache type " + name + " is bounded and needs a positive "
                            + "max-staleness");
                }
                if (settings.refreshAfter() == null || settings.refreshAfter().isNegative()
                        || settings.refreshAfter().compareTo(settings.maxStaleness()) >= 0) {
                    throw new IllegalArgumentException("cache type " + name + " needs a refresh-after of at least 0 "
                            + "and below its max-staleness (" + settings.maxStaleness() + "), not "
                            + settings.refreshAfter());
                }
                maxStaleness = settings.maxStaleness();
                refreshAfter = settings.refreshAfter();
            }
            types.put(name, new CacheType(name, settings.ttl(), settings.maxEntries(), settings.maxBytes().toBytes(),
                    maxStaleness, refreshAfter));
        });
    }

    public CacheType get(String name) {
        CacheType type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown cache type " + name + "; configured: " + types.keySet());
        }
        return type;
    }

    public Collection<CacheType> all() {
        return types.values();
    }
}
