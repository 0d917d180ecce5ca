package io.formsapi.cache;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One barrier a writer published on the version channel, and the instances that acknowledged it: an instance
 * acknowledges a barrier once it has applied every notification its subscription delivered before it, which, in the
 * order Redis sends them, includes every change the writer made before publishing the barrier.
 */
final class FeedBarrier {

    private final Set<String> acknowledged = new HashSet<>();
    private final String writer;
    private long subscribers = Long.MAX_VALUE;

    FeedBarrier(String writer) {
        this.writer = writer;
    }

    synchronized void acknowledged(String instance) {
        acknowledged.add(instance);
        notifyAll();
    }

    /** How many subscribers Redis delivered the barrier to (PUBLISH's reply). */
    synchronized void delivered(long count) {
        subscribers = count;
        notifyAll();
    }

    /**
     * Waits until as many instances as Redis delivered the barrier to have acknowledged it, the writer among them,
     * and with them every instance in {@code peers} (asked once the writer's own acknowledgement is in, so that every
     * heartbeat published before the barrier has been processed here); at most until {@code deadlineNanos}.
     * Whether all of them did. {@code peers} gives null while the writer cannot know every instance listening
     * (its own subscription is younger than the silence): the barrier then lasts until the deadline.
     */
    synchronized boolean await(Supplier<Set<String>> peers, long deadlineNanos) throws InterruptedException {
        while (true) {
            if (acknowledged.contains(writer) && acknowledged.size() >= subscribers) {
                Set<String> listening = peers.get();
                if (listening != null && acknowledged.containsAll(listening)) {
                    return true;
                }
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
    }
}
