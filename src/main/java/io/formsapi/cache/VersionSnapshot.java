package io.formsapi.cache;

import java.util.Map;

/**
 * The global epoch and the versions of an entry's tags, read before its value is loaded and stored with it. An
 * entry is served only while the snapshot it carries equals the current one: a tag invalidated (INCR) or the
 * epoch bumped after the load started makes it a miss, so a slow reader can never store pre-write data that
 * is then served.
 */
record VersionSnapshot(long epoch, Map<String, Long> tags) {

    VersionSnapshot {
        tags = Map.copyOf(tags);
    }
}
