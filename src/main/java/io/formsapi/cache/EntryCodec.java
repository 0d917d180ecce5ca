package io.formsapi.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.formsapi.cache.codec.CorruptValueException;
import io.formsapi.cache.codec.ValueCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored form of an entry: the value codec's bytes (a format header, then JSON, compressed when large) of
 * {@code {"e": epoch, "t": {tag: version}, "l": loadedAtMillis, "n": notFound, "v": value}}. JSON only: values are read back into the
 * type the caller names, so cache contents can never choose which classes get instantiated.
 */
final class EntryCodec {

    private final JsonMapper json;
    private final ValueCodec codec;

    EntryCodec(JsonMapper json, ValueCodec codec) {
        this.json = json;
        this.codec = codec;
    }

    /**
     * A decoded entry whose value has not been bound to a type yet; {@code loadedAt} is when its load began (epoch
     * milliseconds), 0 for an entry written without it.
     */
    record Entry(VersionSnapshot versions, long loadedAt, JsonNode value) {
        boolean notFound() {
            return value == null;
        }
    }

    /** The envelope as written, in one serialisation pass over the value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Envelope(long e, Map<String, Long> t, long l, boolean n, Object v) {
    }

    byte[] encode(VersionSnapshot versions, long loadedAt, Optional<?> value) {
        Envelope envelope = new Envelope(versions.epoch(), versions.tags(), loadedAt, value.isEmpty(),
                value.orElse(null));
        return codec.encode(json.writeValueAsBytes(envelope));
    }

    /** Throws {@link CorruptValueException} for anything that is not an entry this codec wrote. */
    Entry decode(byte[] stored) throws CorruptValueException {
        try {
            JsonNode root = json.readTree(codec.decode(stored));
            JsonNode tags = root.get("t");
            if (!root.path("e").isIntegralNumber() || tags == null || !tags.isObject()
                    || !root.path("n").isBoolean()) {
                throw new CorruptValueException("not a cache entry");
            }
            Map<String, Long> versions = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                versions.put(tag.getKey(), tag.getValue().asLong());
            }
            boolean notFound = root.get("n").asBoolean();
            if (!notFound && !root.has("v")) {
                throw new CorruptValueException("entry without a value");
            }
            return new Entry(new VersionSnapshot(root.get("e").asLong(), versions), root.path("l").asLong(0),
                    notFound ? null : root.get("v"));
        } catch (JacksonException e) {
            throw new CorruptValueException("entry is not valid JSON", e);
        }
    }

    <T> T bind(JsonNode value, Class<? extends T> type) throws CorruptValueException {
        try {
            return json.treeToValue(value, type);
        } catch (JacksonException e) {
            throw new CorruptValueException("entry does not fit " + type.getSimpleName(), e);
        }
    }
}
