package io.formsapi.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A typed handle on one cache type: how an id becomes a key, which tags its entry depends on, and which class its
 * value is read back into. Domain code asks it for values by id and supplies the loader; the engine does the
 * rest. Built with {@link CacheRegions#region}.
 *
 * @param <K> what identifies a value (a form id, a widget, a query)
 * @param <V> the value
 */
public final class CacheRegion<K, V> {

    private final CacheEngine engine;
    private final CacheType type;
    private final Function<? super K, String> key;
    private final Function<? super K, Collection<String>> tags;
    private final Function<? super K, Class<? extends V>> valueType;
    private final Function<? super K, Collection<String>> dataTags;

    CacheRegion(CacheEngine engine, CacheType type, Function<? super K, String> key,
            Function<? super K, Collection<String>> tags, Function<? super K, Class<? extends V>> valueType,
            Function<? super K, Collection<String>> dataTags) {
        this.engine = engine;
        this.type = type;
        this.key = key;
        this.tags = tags;
        this.valueType = valueType;
        this.dataTags = dataTags;
    }

    /** The value of {@code id}, from the cache or from {@code loader} (and then stored). */
    public V get(K id, Function<? super K, V> loader) {
        return engine.getWithFallback(request(id), () -> loader.apply(id));
    }

    /** Like {@link #get} for values that may not exist: "not found" is cached too, for a short while. */
    public Optional<V> find(K id, Function<? super K, Optional<V>> loader) {
        return lookup(id, loader).value();
    }

    /** Like {@link #find}, telling also how the value was obtained (for an {@code X-Cache} header, say). */
    public Cached<V> lookup(K id, Function<? super K, Optional<V>> loader) {
        return engine.lookup(request(id), () -> loader.apply(id));
    }

    /**
     * The values of {@code ids}: the cached ones in one round trip, the others from {@code bulkLoader} in one call
     * (ids it leaves out do not exist), stored in one pipeline.
     */
    public Map<K, V> getAll(Collection<K> ids, Function<Collection<K>, Map<K, V>> bulkLoader) {
        Map<String, K> byKey = new LinkedHashMap<>();
        ids.forEach(id -> byKey.put(key.apply(id), id));
        List<CacheRequest<V>> requests = byKey.values().stream().map(this::request).toList();
        Map<String, Optional<V>> cached = engine.getAll(requests);
        Map<K, V> found = new LinkedHashMap<>();
        List<K> missing = byKey.entrySet().stream().filter(e -> !cached.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        Map<K, V> loaded = missing.isEmpty() ? Map.of() : store(missing, bulkLoader).found();
        byKey.forEach((entryKey, id) -> {
            V value = cached.containsKey(entryKey) ? cached.get(entryKey).orElse(null) : loaded.get(id);
            if (value != null) {
                found.put(id, value);
            }
        });
        return found;
    }

    /** Loads the values of {@code ids} into the cache in one pipeline; returns how many were stored. */
    public int warm(Collection<K> ids, Function<Collection<K>, Map<K, V>> bulkLoader) {
        return store(List.copyOf(ids), bulkLoader).stored();
    }

    private CacheRequest<V> request(K id) {
        return new CacheRequest<>(type, key.apply(id), Set.copyOf(tags.apply(id)), valueType.apply(id), null,
                Set.copyOf(dataTags.apply(id)));
    }

    private record Stored<K, V>(Map<K, V> found, int stored) {
    }

    /**
     * Loads {@code ids} in one call (after their versions were read, so that no stale value is stored) and stores
     * the values found; loads them all the same when Redis cannot be used.
     */
    private Stored<K, V> store(List<K> ids, Function<Collection<K>, Map<K, V>> bulkLoader) {
        Map<K, V> loaded = new LinkedHashMap<>();
        boolean[] ran = {false};
        int stored = engine.putAll(ids.stream().map(this::request).toList(), requests -> {
            ran[0] = true;
            loaded.putAll(bulkLoader.apply(ids));
            Map<String, Optional<V>> byKey = new LinkedHashMap<>();
            loaded.forEach((id, value) -> byKey.put(key.apply(id), Optional.of(value)));
            return byKey;
        });
        if (!ran[0]) {
            loaded.putAll(bulkLoader.apply(ids));
        }
        return new Stored<>(loaded, stored);
    }
}
