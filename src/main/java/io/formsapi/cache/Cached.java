package io.formsapi.cache;

import java.util.Optional;

/** A value and how it was obtained. An empty value means "not found", which is cached too. */
public record Cached<T>(Optional<T> value, CacheOutcome outcome) {
}
