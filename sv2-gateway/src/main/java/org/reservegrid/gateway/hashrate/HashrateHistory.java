package org.reservegrid.gateway.hashrate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bounded history of one channel's declared and measured hashrate and settled flag: one sample per interval (10 s)
 * for the last {@code capacity} intervals (360, an hour), oldest first.
 *
 * <p>Each sample stands for one interval and is stamped with the interval's start, so every channel's samples fall on
 * the same instants; it holds the last figures recorded during that interval. The newest sample is therefore the
 * channel as of the last {@link #record} call, replaced until its interval ends. An interval in which nothing was
 * recorded (an event loop stalled for longer than that) has no sample. A clock that goes backwards is treated as
 * standing still.
 *
 * <p>Storage is primitive arrays, not objects per sample: 12 bytes and a bit per sample (interval number, declared
 * and measured hashrate as floats, the settled bit), 4,500 bytes for a full hour (measured with the JVM's class
 * histogram: 22.8 MB for 5,000 full histories). The arrays start at 16 samples and double up to {@code capacity}, so a
 * short-lived channel costs about 330 bytes. Not thread-safe: a channel's event loop records and reads its history.
 */
public final class HashrateHistory {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    public static final int SAMPLES = 360;

    private static final int INITIAL_CAPACITY = 16;
    private static final int[] NO_INTERVALS = {};
    private static final float[] NO_FIGURES = {};
    private static final long[] NO_BITS = {};

    /**
     * One interval of a channel.
     *
     * @param at the start of the interval, unix milliseconds
     * @param declared the hashrate the miner declares, hashes per second
     * @param measured the hashrate its accepted shares imply, hashes per second (float precision)
     * @param settled whether the estimator's window held enough shares for the measured figure to be within about 25%
     */
    public record Sample(long at, float declared, float measured, boolean settled) {}

    private final long intervalMillis;
    private final int capacity;

    /** The first interval ever recorded; {@link #intervals} count from it. */
    private long firstInterval;

    private int[] intervals;
    private float[] declared;
    private float[] measured;
    private long[] settled;
    /** Ring position of the oldest sample. */
    private int oldest;

    private int size;
    private boolean released;

    public HashrateHistory(Duration interval, int capacity) {
        if (interval.toMillis() <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("the interval and the capacity must be positive");
        }
        this.intervalMillis = interval.toMillis();
        this.capacity = capacity;
        int initial = Math.min(INITIAL_CAPACITY, capacity);
        intervals = new int[initial];
        declared = new float[initial];
        measured = new float[initial];
        settled = new long[words(initial)];
    }

    /** A history of {@link #SAMPLES} samples of {@link #INTERVAL}. */
    public static HashrateHistory lastHour() {
        return new HashrateHistory(INTERVAL, SAMPLES);
    }

    public Duration interval() {
        return Duration.ofMillis(intervalMillis);
    }

    /** The channel's figures at {@code nowMillis}: a new sample in a new interval, else the newest one replaced. */
    public void record(long nowMillis, double declaredHashrate, double measuredHashrate, boolean isSettled) {
        if (released) {
            return;
        }
        int position;
        if (size == 0) {
            firstInterval = Math.floorDiv(nowMillis, intervalMillis);
            position = append(0);
        } else {
            int newest = position(size - 1);
            long interval = Math.floorDiv(nowMillis, intervalMillis) - firstInterval;
            position = interval > intervals[newest] ? append((int) interval) : newest;
        }
        declared[position] = (float) declaredHashrate;
        measured[position] = (float) measuredHashrate;
        if (isSettled) {
            settled[position >>> 6] |= 1L << position;
        } else {
            settled[position >>> 6] &= ~(1L << position);
        }
    }

    /** Every sample, oldest first. */
    public List<Sample> samples() {
        List<Sample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int position = position(i);
            samples.add(new Sample(
                    (firstInterval + intervals[position]) * intervalMillis,
                    declared[position],
                    measured[position],
                    (settled[position >>> 6] & (1L << position)) != 0));
        }
        return samples;
    }

    public int size() {
        return size;
    }

    /** How many samples the arrays have room for now (they grow up to the capacity). */
    int allocated() {
        return intervals.length;
    }

    /** Drops the samples and their storage for good; later records are ignored (the channel has closed). */
    public void release() {
        released = true;
        size = 0;
        oldest = 0;
        intervals = NO_INTERVALS;
        declared = NO_FIGURES;
        measured = NO_FIGURES;
        settled = NO_BITS;
    }

    /** Appends a sample for {@code interval} and returns its ring position; the oldest gives way once full. */
    private int append(int interval) {
        if (size == intervals.length && size < capacity) {
            // Not yet wrapped (that happens only at full capacity), so the ring starts at 0 and a copy keeps it.
            int grown = Math.min(capacity, size * 2);
            intervals = Arrays.copyOf(intervals, grown);
            declared = Arrays.copyOf(declared, grown);
            measured = Arrays.copyOf(measured, grown);
            settled = Arrays.copyOf(settled, words(grown));
        }
        int position;
        if (size < intervals.length) {
            position = position(size);
            size++;
        } else {
            position = oldest;
            oldest = (oldest + 1) % intervals.length;
        }
        intervals[position] = interval;
        return position;
    }

    private int position(int index) {
        return (oldest + index) % intervals.length;
    }

    private static int words(int bits) {
        return (bits + 63) >>> 6;
    }
}
