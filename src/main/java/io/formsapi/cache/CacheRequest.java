package io.formsapi.cache;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to look up: the entry's type and key, the tags it depends on (invalidating any of them makes the entry
 * stale), and the class its JSON is read back into (never a class named by the stored data).
 */
public record CacheRequest<T>(CacheType type, String key, Set<String> tags, Class<? extends T> valueType) {

    public CacheRequest {
        TreeSet<String> sorted = new TreeSet<>();
        tags.forEach(tag -> sorted.add(CacheKeys.requireTag(tag)));
        tags = Collections.unmodifiableSet(sorted);
    }

    public static <T> CacheRequest<T> of(CacheType type, String key, Class<? extends T> valueType, String... tags) {
        return new CacheRequest<>(type, key, Set.copyOf(Arrays.asList(tags)), valueType);
    }
}
