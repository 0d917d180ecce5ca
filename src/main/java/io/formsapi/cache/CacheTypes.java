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
            if (settings.freshness() == Freshness.BOUNDED) {
                if (settings.maxStaleness() == null || settings.maxStaleness().isNegative()
                        || settings.maxStaleness().isZero()) {
                    throw new IllegalArgumentException("cache type " + name + " is bounded and needs a positive "
                            + "max-staleness");
                }
                maxStaleness = settings.maxStaleness();
            }
            types.put(name, new CacheType(name, settings.ttl(), settings.maxEntries(), settings.maxBytes().toBytes(),
                    maxStaleness));
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
