package io.formsapi.store;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The positions of the documents that share one index key. A term of a popular form is shared by many thousands
 * of responses, and the terms index holds one position per response and term, so this is an open-addressing table
 * of references (about 6 bytes a position) rather than a {@code HashSet} (about 40).
 */
final class PositionSet implements Iterable<Object> {

    private static final int MIN_CAPACITY = 4;

    private Object[] slots = new Object[MIN_CAPACITY];
    private int size;

    int size() {
        return size;
    }

    boolean add(Object position) {
        int slot = slotOf(position);
        if (slots[slot] != null) {
            return false;
        }
        slots[slot] = position;
        size++;
        if (size * 4 > slots.length * 3) {
            resize(slots.length * 2);
        }
        return true;
    }

    boolean remove(Object position) {
        int slot = slotOf(position);
        if (slots[slot] == null) {
            return false;
        }
        slots[slot] = null;
        size--;
        closeGap(slot);
        if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
            resize(slots.length / 2);
        }
        return true;
    }

    /** Any one of the positions; the set must not be empty. */
    Object any() {
        for (Object position : slots) {
            if (position != null) {
                return position;
            }
        }
        throw new NoSuchElementException();
    }

    @Override
    public Iterator<Object> iterator() {
        Object[] snapshot = slots;
        return new Iterator<>() {
            private int next = advance(0);

            private int advance(int from) {
                int slot = from;
                while (slot < snapshot.length && snapshot[slot] == null) {
                    slot++;
                }
                return slot;
            }

            @Override
            public boolean hasNext() {
                return next < snapshot.length;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object position = snapshot[next];
                next = advance(next + 1);
                return position;
            }
        };
    }

    /** The slot holding {@code position}, or the empty slot where it would go. */
    private int slotOf(Object position) {
        int mask = slots.length - 1;
        int slot = home(position, mask);
        while (slots[slot] != null && !slots[slot].equals(position)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * Linear probing finds a position by walking from its home slot to the first empty one, so after a removal the
     * positions further along that run move back into the gap wherever their home allows it.
     */
    private void closeGap(int gap) {
        int mask = slots.length - 1;
        int empty = gap;
        int slot = (gap + 1) & mask;
        while (slots[slot] != null) {
            int home = home(slots[slot], mask);
            boolean reachable = empty <= slot ? home <= empty || home > slot : home <= empty && home > slot;
            if (reachable) {
                slots[empty] = slots[slot];
                slots[slot] = null;
                empty = slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void resize(int capacity) {
        Object[] old = slots;
        slots = new Object[capacity];
        for (Object position : old) {
            if (position != null) {
                slots[slotOf(position)] = position;
            }
        }
    }

    private static int home(Object position, int mask) {
        int hash = position.hashCode() * 0x9E3779B1;
        return (hash ^ (hash >>> 16)) & mask;
    }
}
