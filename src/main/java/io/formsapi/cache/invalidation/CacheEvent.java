package io.formsapi.cache.invalidation;

import java.util.List;

/**
 * A change announced to every instance: what kind of change, which tags it invalidated, and which instance
 * made it.
 */
public record CacheEvent(String instance, String kind, List<String> tags) {
}
