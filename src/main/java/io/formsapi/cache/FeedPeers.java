package io.formsapi.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The other instances on the version channel, known by their heartbeats: when this instance last processed a
 * heartbeat of each (its own nanoTime). An instance that has processed one of its own heartbeats sent less than the
 * silence ago may serve from its near cache; that heartbeat went to every subscriber, so an instance that has heard
 * nothing of another for longer than the silence knows that one is not serving from its near cache on the strength
 * of anything published before.
 */
final class FeedPeers {

    private final Map<String, Long> heard = new ConcurrentHashMap<>();

    void heartbeat(String instance, long nowNanos) {
        heard.put(instance, nowNanos);
    }

    /** The instance closed its feed: it serves nothing from its near cache any more. */
    void left(String instance) {
        heard.remove(instance);
    }

    /** The instances heard after {@code sinceNanos}; the others are forgotten. */
    Set<String> heardSince(long sinceNanos) {
        heard.values().removeIf(at -> at - sinceNanos < 0);
        return heard.entrySet().stream().filter(e -> e.getValue() - sinceNanos >= 0).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
