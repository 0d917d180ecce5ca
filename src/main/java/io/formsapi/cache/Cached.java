package io.formsapi.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A value and how it was obtained. An empty value means "not found", which is cached too. {@code age} is how long
 * ago a {@link CacheOutcome#STALE} value was loaded (zero otherwise).
 */
public record Cached<T>(Optional<T> value, CacheOutcome outcome, Duration age) {

    public Cached(Optional<T> value, CacheOutcome outcome) {
        this(value, outcome, Duration.ZERO);
    }
}
