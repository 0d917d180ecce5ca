package io.formsapi.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What this instance believes Redis holds for each version key (the epoch and tag versions), learnt from the
 * version notifications and from the versions its own reads returned. A near entry is served only while this table
 * holds exactly the versions it was stored under.
 *
 * <p>Notifications arrive in the order Redis published them, so the latest one for a key is the newest value this
 * instance was told of. A read, though, may have begun before a notification and answered after it, with the older
 * value: every notification takes a number from one sequence, a read notes the sequence before it starts, and its
 * values are taken only for keys no notification reached since. Clearing the table raises a floor that reads begun
 * before it never cross, so nothing read before a lapse survives it.
 */
final class VersionTable {

    /**
     * Beyond this many keys the table starts over rather than tracking which keys near entries still need:
     * forgetting versions only costs near hits, never correctness.
     */
    private static final int MAX_KEYS = 200_000;
    /** A waiter looks again this often whether it is still to wait, which nothing announces. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A key's value (null: missing in Redis), the sequence of the change that set it, whether Redis announced it. */
    private record Slot(Long value, long sequence, boolean announced) {
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile long floor;
    /** Threads in {@link #awaitAnnouncedSince}: an announcement or a clearing wakes them only when there are any. */
    private final AtomicInteger waiting = new AtomicInteger();

    /** Where the sequence stands: note it before a read whose versions {@link #observed} will offer. */
    long mark() {
        return sequence.get();
    }

    /** Redis announced that {@code key} now holds {@code value} (null: it is missing). */
    void announced(String key, Long value) {
        slots.put(key, new Slot(value, sequence.incrementAndGet(), true));
        trim();
        wakeWaiters();
    }

    /** This instance changed {@code key} and does not know its new value yet: no entry may rely on it. */
    void forget(String key) {
        slots.put(key, new Slot(null, sequence.incrementAndGet(), false));
    }

    /** Versions a read begun at {@code mark} returned; taken for every key no announcement reached since. */
    void observed(long mark, Map<String, Long> read) {
        if (mark < floor) {
            return;
        }
        // A read begun after a key's announcement keeps that it was announced: a write waiting for it heard it.
        read.forEach((key, value) -> slots.compute(key, (k, slot) -> mark < floor || slot != null
                && slot.sequence() > mark ? slot : new Slot(value, slot == null ? mark : slot.sequence(),
                        slot != null && slot.announced())));
        trim();
    }

    /** The value this instance believes Redis holds for {@code key}; null when it does not know. */
    Long current(String key) {
        Slot slot = slots.get(key);
        return slot == null ? null : slot.value();
    }

    /** Whether Redis announced a change of {@code key} since {@code mark}. */
    boolean announcedSince(String key, long mark) {
        Slot slot = slots.get(key);
        return slot != null && slot.announced() && slot.sequence() > mark;
    }

    /**
     * Waits until Redis announced a change of {@code key} since {@code mark}, while {@code stillWaiting} holds, until
     * {@code deadline} ({@link System#nanoTime}) at the latest; whether it did.
     */
    boolean awaitAnnouncedSince(String key, long mark, long deadline, BooleanSupplier stillWaiting) {
        waiting.incrementAndGet();
        try {
            synchronized (waiting) {
                while (!announcedSince(key, mark) && stillWaiting.getAsBoolean()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(waiting, Math.min(left, RECHECK_NANOS));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        return announcedSince(key, mark);
    }

    /** Forgets everything, and every read begun before now. */
    void clear() {
        floor = sequence.incrementAndGet();
        slots.clear();
        wakeWaiters();
    }

    private void wakeWaiters() {
        if (waiting.get() > 0) {
            synchronized (waiting) {
                waiting.notifyAll();
            }
        }
    }

    int size() {
        return slots.size();
    }

    private void trim() {
        if (slots.size() > MAX_KEYS) {
            clear();
        }
    }
}
