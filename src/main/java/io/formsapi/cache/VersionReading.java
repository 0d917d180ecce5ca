package io.formsapi.cache;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The epoch and tag versions as one MGET read them, keyed by version key; a version never set, expired or
 * evicted is missing. Equal readings are equal objects, so a reading can key a single flight: a request that read
 * other versions (after an invalidation) never joins a load that started before it.
 */
final class VersionReading {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String epochKey;
    private final Map<String, Long> versions;

    private VersionReading(String epochKey, Map<String, Long> versions) {
        this.epochKey = epochKey;
        this.versions = versions;
    }

    /** The versions under {@code keys}, from the replies of an MGET of those keys in that order. */
    static VersionReading of(String epochKey, List<String> keys, List<byte[]> replies) {
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            versions.put(keys.get(i), number(replies.get(i)));
        }
        return new VersionReading(epochKey, versions);
    }

    /** The version keys of the epoch and of every tag of {@code requests}, each once. */
    static List<String> keysOf(CacheKeys keys, Collection<? extends CacheRequest<?>> requests) {
        List<String> versionKeys = new ArrayList<>();
        versionKeys.add(keys.epoch());
        requests.stream().flatMap(r -> r.tags().stream()).map(keys::tag).distinct().forEach(versionKeys::add);
        return versionKeys;
    }

    /** The versions that were there, by version key. */
    Map<String, Long> present() {
        Map<String, Long> present = new HashMap<>();
        versions.forEach((key, version) -> {
            if (version != null) {
                present.put(key, version);
            }
        });
        return present;
    }

    /** The version keys that hold no version. */
    List<String> missing() {
        return versions.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /**
     * Fresh values for missing versions: at least 2^40, so never equal to a small counter, and random, so that
     * no entry recorded under an earlier value of the same key can match again.
     */
    static List<Long> freshValues(int count) {
        List<Long> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add((1L << 40) + (RANDOM.nextLong() >>> 2));
        }
        return values;
    }

    /** This reading with the given versions filled in (as Redis now holds them). */
    VersionReading with(List<String> keys, List<Long> values) {
        Map<String, Long> filled = new HashMap<>(versions);
        for (int i = 0; i < keys.size(); i++) {
            filled.put(keys.get(i), values.get(i));
        }
        return new VersionReading(epochKey, filled);
    }

    /** The request's slice of the versions, or null if any of them is missing. */
    VersionSnapshot snapshot(CacheKeys keys, CacheRequest<?> request) {
        Long epoch = versions.get(epochKey);
        Map<String, Long> tags = new LinkedHashMap<>();
        for (String tag : request.tags()) {
            Long version = versions.get(keys.tag(tag));
            if (version == null) {
                return null;
            }
            tags.put(tag, version);
        }
        return epoch == null ? null : new VersionSnapshot(epoch, tags);
    }

    /** The reading as text, {@code <version key>=<version or ->} sorted by key, for a lease's value. */
    String text() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(versions).forEach((key, version) -> text.append(text.isEmpty() ? "" : " ").append(key)
                .append('=').append(version == null ? "-" : version));
        return text.toString();
    }

    /**
     * Whether a load under {@code other} (a {@link #text()}) may produce what this reading needs: no version
     * that both readings hold differs. A version missing in {@code other} was set up by that load, to what this
     * reading holds unless it was invalidated since.
     */
    boolean compatibleWith(String other) {
        for (String pair : other.split(" ")) {
            int equals = pair.lastIndexOf('=');
            if (equals < 0 || !versions.containsKey(pair.substring(0, equals))) {
                continue;
            }
            String theirs = pair.substring(equals + 1);
            Long mine = versions.get(pair.substring(0, equals));
            if (!theirs.equals("-") && !theirs.equals(String.valueOf(mine))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionReading reading && versions.equals(reading.versions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(versions);
    }

    private static Long number(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
