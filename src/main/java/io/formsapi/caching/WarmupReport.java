package io.formsapi.caching;

/**
 * What one warm-up did. {@code skipped} says why nothing was done (another instance is warming, or the cache
 * is unavailable); {@code complete} is false when the time budget ran out first.
 */
public record WarmupReport(String skipped, int forms, int sessions, int widgets, boolean complete,
        long millis) {

    static WarmupReport skipped(String reason) {
        return new WarmupReport(reason, 0, 0, 0, false, 0);
    }
}
