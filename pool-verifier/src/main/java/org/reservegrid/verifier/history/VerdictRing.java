package org.reservegrid.verifier.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The most recent verdicts in memory, so the API answers without touching the database. Ids in the ring are
 * contiguous: {@link #oldestId()} up to the newest. Thread-safe; every operation is short and under one lock.
 */
final class VerdictRing {
    private final VerdictRecord[] slots;
    private long nextId;
    private int size;

    VerdictRing(int capacity, long firstId) {
        this.slots = new VerdictRecord[capacity];
        this.nextId = firstId;
    }

    /** Assigns the next id through {@code factory} and stores the record, evicting the oldest when full. */
    synchronized VerdictRecord append(java.util.function.LongFunction<VerdictRecord> factory) {
        VerdictRecord record = factory.apply(nextId);
        slots[(int) (nextId % slots.length)] = record;
        nextId++;
        size = Math.min(size + 1, slots.length);
        return record;
    }

    /** The id the oldest record in the ring has; the next id when the ring is empty. */
    synchronized long oldestId() {
        return nextId - size;
    }

    synchronized long lastId() {
        return nextId - 1;
    }

    synchronized Optional<VerdictRecord> byId(long id) {
        if (id < nextId - size || id >= nextId) {
            return Optional.empty();
        }
        return Optional.of(slots[(int) (id % slots.length)]);
    }

    /** Matching records, newest first, at most {@code query.limit()}. */
    synchronized List<VerdictRecord> newest(VerdictQuery query) {
        List<VerdictRecord> matches = new ArrayList<>(Math.min(query.limit(), size));
        for (long id = nextId - 1; id >= nextId - size && matches.size() < query.limit(); id--) {
            VerdictRecord record = slots[(int) (id % slots.length)];
            if (query.matches(record)) {
                matches.add(record);
            }
        }
        return matches;
    }
}
