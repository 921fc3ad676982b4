package org.reservegrid.verifier.mempool;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.reservegrid.verifier.policy.MempoolView;

/**
 * The last successful mempool readings, oldest evicted first, so a template is judged with the mempool count of
 * its own time: a template that waited (in template-manager's queue while the verifier was unreachable, sent again
 * after a reconnect, or served from a node's template cache with an old {@code curtime}) reflects the mempool it
 * was built from, and a later count could put it in another fee tier than the one its transactions were chosen
 * in.
 *
 * <p>The reading of a template's time is the newest one taken at or before the end of the template's
 * {@code curtime} second, capped at now; it stands for the mempool while it is no older than the staleness window
 * at that time, otherwise the mempool was unknown then. A template whose second is now's (or later: a node clock
 * ahead of the verifier's) gets the newest reading, as before; one older than every kept reading (the verifier
 * started after it was built) gets the newest reading too, the nearest there is. Thread-safe: the poller appends,
 * the event loops read, both under the lock for O(log n).
 */
final class MempoolReadings {
    /** 256 readings: over 20 minutes at the default 5 s poll, 25 s at the fastest (0.1 s). */
    static final int CAPACITY = 256;

    /** A successful fetch at a wall-clock instant. */
    record Reading(long txCount, Instant fetchedAt) {}

    private final Reading[] slots = new Reading[CAPACITY];
    private final Duration staleAfter;
    private long appended;

    MempoolReadings(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /** Keeps a reading; readings arrive in time order (one poller), so the ring stays sorted. */
    synchronized void add(Reading reading) {
        slots[(int) (appended % CAPACITY)] = reading;
        appended++;
    }

    /**
     * The view for a template of {@code templateEpochSecond} judged at {@code now}, or null when the newest reading
     * applies (the template's second is now's or later, or no kept reading is that old): the caller's current view.
     */
    synchronized @Nullable MempoolView at(long templateEpochSecond, Instant now) {
        if (templateEpochSecond >= now.getEpochSecond() || appended == 0) {
            return null;
        }
        // The end of the template's second: a reading taken during it was there when the template was built.
        Instant templateTime = Instant.ofEpochSecond(templateEpochSecond).plusMillis(999);
        long oldest = Math.max(0, appended - CAPACITY);
        if (slot(oldest).fetchedAt().isAfter(templateTime)) {
            return null;
        }
        // Binary search for the newest reading at or before the template's time.
        long low = oldest;
        long high = appended - 1;
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (slot(middle).fetchedAt().isAfter(templateTime)) {
                high = middle - 1;
            } else {
                low = middle;
            }
        }
        Reading reading = slot(low);
        boolean freshThen = Duration.between(reading.fetchedAt(), templateTime).compareTo(staleAfter) <= 0;
        return freshThen ? new MempoolView(reading.txCount()) : MempoolView.unknown();
    }

    private Reading slot(long index) {
        return slots[(int) (index % CAPACITY)];
    }
}
