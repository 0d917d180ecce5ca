package io.formsapi.cache;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether a load read a stale value, so that what it computes is not stored as fresh: a value built from a
 * stale one is itself stale, and stored under the current versions it would outlive the staleness bound. Each
 * load on this thread opens a scope; a lookup answered STALE inside it marks the scope with its age.
 */
final class StaleReads {

    private static final ThreadLocal<Deque<Duration[]>> SCOPES = ThreadLocal.withInitial(ArrayDeque::new);

    private StaleReads() {
    }

    static void open() {
        SCOPES.get().push(new Duration[1]);
    }

    /** Closes the innermost scope: the age of the oldest stale value read in it, or null if none was. */
    static Duration close() {
        return SCOPES.get().pop()[0];
    }

    /** A lookup on this thread was answered with a value {@code age} old, stale. */
    static void served(Duration age) {
        Duration[] scope = SCOPES.get().peek();
        if (scope != null && (scope[0] == null || age.compareTo(scope[0]) > 0)) {
            scope[0] = age;
        }
    }
}
