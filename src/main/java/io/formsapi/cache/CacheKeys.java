package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

/**
 * Every Redis key of the application, built in one place: the seed's naming convention
 * ({@code form:schema:{form_id}}, ...), namespaced by CACHE_KEY_PREFIX, with ids validated so that no part can
 * widen a pattern or collide with another key.
 */
@Component
public class CacheKeys {

    private static final Pattern GLOB_SPECIAL = Pattern.compile("([*?\\[\\]\\\\])");

    private final String prefix;
    private final String epoch;

    public CacheKeys(CacheProperties properties) {
        String configured = properties.keyPrefix().strip();
        if (!isSafe(configured.replace(":", ""))) {
            throw new IllegalArgumentException("CACHE_KEY_PREFIX must be 1 to 128 letters, digits, '_', '.', '-' "
                    + "(and ':'): a flush or purge removes exactly the keys under it");
        }
        this.prefix = configured.endsWith(":") ? configured : configured + ":";
        this.epoch = prefix + "cache:epoch";
    }

    /** A key from literal parts joined by ':', e.g. {@code key("form", "schema", formId)}. */
    public String key(String... parts) {
        return key(Arrays.asList(parts), List.of());
    }

    /**
     * A key from the literal parts of {@code space} followed by {@code parts}, joined by ':'. Built with one
     * buffer: a cache region builds one on every lookup, the caller's auth context on every request.
     */
    public String key(List<String> space, List<String> parts) {
        StringBuilder key = new StringBuilder(prefix.length() + 64).append(prefix);
        appendParts(key, space);
        appendParts(key, parts);
        return key.toString();
    }

    private void appendParts(StringBuilder key, List<String> parts) {
        for (String part : parts) {
            if (key.length() > prefix.length()) {
                key.append(':');
            }
            key.append(requireSafe(part));
        }
    }

    /**
     * The seed's {@code generate_cache_key}: {@code prefix:} followed by the first 16 hex digits of the SHA-256
     * of the parts joined by ':'. For keys built from free text (queries, parameters).
     */
    public String hashed(String keyPrefix, Object... parts) {
        String joined = Stream.of(parts).map(String::valueOf).collect(Collectors.joining(":"));
        return key(keyPrefix.split(":")) + ":" + sha256Hex(joined).substring(0, 16);
    }

    /** A SCAN pattern matching every key that starts with the given literal parts. */
    public String prefixPattern(String... parts) {
        return escapeGlob(key(parts)) + ":*";
    }

    /** A caller's glob, confined to this application's namespace. */
    public String namespacedPattern(String glob) {
        return escapeGlob(prefix) + glob;
    }

    public String namespacePattern() {
        return escapeGlob(prefix) + "*";
    }

    String epoch() {
        return epoch;
    }

    /** The pub/sub channel on which version changes and heartbeats reach the instances' near caches. */
    String versionChannel() {
        return prefix + "cache:versions";
    }

    String tag(String tag) {
        return prefix + "cache:tag:" + tag;
    }

    /** The lease of {@code key}; the key is its hash tag, so that lease and entry share a cluster slot. */
    String lease(String key) {
        return prefix + "cache:lease:{" + key + "}";
    }

    /** The type's index of entries; its hash tag keeps it in the same cluster slot as {@link #sizes}. */
    String index(CacheType type) {
        return prefix + "cache:index:{" + type.name() + "}";
    }

    /** The type's ledger of stored sizes. */
    String sizes(CacheType type) {
        return prefix + "cache:bytes:{" + type.name() + "}";
    }

    /** Escapes the characters that glob-style patterns (KEYS, SCAN MATCH, PSUBSCRIBE) treat specially. */
    public static String escapeGlob(String literal) {
        return GLOB_SPECIAL.matcher(literal).replaceAll("\\\\$1");
    }

    /** Tags name what an entry depends on, e.g. {@code form:<id>}; their parts follow the same rules as ids. */
    static String requireTag(String tag) {
        int start = 0;
        while (true) {
            int colon = tag.indexOf(':', start);
            int end = colon < 0 ? tag.length() : colon;
            if (!isSafe(tag, start, end)) {
                throw new IllegalArgumentException("not a safe cache key part: " + tag.substring(start, end));
            }
            if (colon < 0) {
                return tag;
            }
            start = colon + 1;
        }
    }

    /** Whether {@code part} may become part of a key or a tag: {@code [A-Za-z0-9_.-]}, 1 to 128 characters. */
    public static boolean isSafe(String part) {
        return part != null && isSafe(part, 0, part.length());
    }

    /** {@link #isSafe(String)} of {@code text}'s characters from {@code from} to {@code to}, without a copy. */
    private static boolean isSafe(String text, int from, int to) {
        if (to <= from || to - from > 128) {
            return false;
        }
        // A loop, not a regular expression: this runs on every authenticated request.
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static String requireSafe(String part) {
        if (!isSafe(part)) {
            throw new IllegalArgumentException("not a safe cache key part: " + part);
        }
        return part;
    }

    /** The SHA-256 of the text's UTF-8 bytes, in hex. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
