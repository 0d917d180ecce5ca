package io.formsapi.cache;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Builds the {@link CacheRegion}s of the configured cache types. */
public final class CacheRegions {

    private final CacheEngine engine;
    private final CacheKeys keys;
    private final CacheTypes types;

    CacheRegions(CacheEngine engine, CacheKeys keys, CacheTypes types) {
        this.engine = engine;
        this.keys = keys;
        this.types = types;
    }

    /** A region of the configured cache type {@code type} whose values are read back as {@code valueType}. */
    public <K, V> Builder<K, V> region(String type, Class<V> valueType) {
        return new Builder<>(types.get(type), id -> valueType);
    }

    public final class Builder<K, V> {

        private final CacheType type;
        private Function<? super K, Class<? extends V>> valueType;
        private Function<? super K, String> key;
        private Function<? super K, Collection<String>> tags = id -> List.of();
        private Function<? super K, Collection<String>> dataTags = id -> List.of();

        private Builder(CacheType type, Function<? super K, Class<? extends V>> valueType) {
            this.type = type;
            this.valueType = valueType;
        }

        /**
         * Keys built from literal parts: {@code keys("form:schema", id -> List.of(id))} gives
         * {@code <prefix>:form:schema:<id>}. Every part must be a safe key part ({@link CacheKeys#isSafe}).
         */
        public Builder<K, V> keys(String space, Function<? super K, List<String>> parts) {
            List<String> spaceParts = List.of(space.split(":"));
            this.key = id -> keys.key(spaceParts, parts.apply(id));
            return this;
        }

        /** Keys built from free text (queries, parameters): the space, then a hash of the parts. */
        public Builder<K, V> hashedKeys(String space, Function<? super K, List<?>> parts) {
            this.key = id -> keys.hashed(space, parts.apply(id).toArray());
            return this;
        }

        /** The tags an id's entry depends on: invalidating any of them makes it stale. */
        public Builder<K, V> tags(Function<? super K, Collection<String>> tags) {
            this.tags = tags;
            return this;
        }

        /**
         * Among the tags, those of the data a value is computed from: if the type's freshness is bounded, the
         * previous value may be served across their invalidation, within the type's bound. Never name a tag of who
         * may see the value.
         */
        public Builder<K, V> staleAcross(Function<? super K, Collection<String>> dataTags) {
            this.dataTags = dataTags;
            return this;
        }

        /** For regions whose values come in several classes: the class an id's value is read back into. */
        public Builder<K, V> valueTypes(Function<? super K, Class<? extends V>> valueType) {
            this.valueType = valueType;
            return this;
        }

        public CacheRegion<K, V> build() {
            return new CacheRegion<>(engine, type, Objects.requireNonNull(key, "a region needs keys"), tags,
                    valueType, dataTags);
        }
    }
}
