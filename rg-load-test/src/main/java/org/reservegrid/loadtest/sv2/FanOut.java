package org.reservegrid.loadtest.sv2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.reservegrid.sv2.binary.U256;

/**
 * When each channel received each new chain tip. Only tips that replace an earlier one on the same channel count: a
 * channel's first SetNewPrevHash comes with its opening, not with a block. Thread-safe.
 */
final class FanOut {

    /** One new chain tip across the channels that received it. */
    record Spread(U256 prevHash, int channels, long firstNanos, long firstToLastMicros) {}

    /** Every tip's spread, and each receipt's delay after the first channel got the same tip. */
    record Summary(List<Spread> tips, Histogram delayAfterFirstMicros) {}

    private final Map<U256, ConcurrentLinkedQueue<Long>> receipts = new ConcurrentHashMap<>();

    void received(U256 prevHash, long nowNanos) {
        receipts.computeIfAbsent(prevHash, k -> new ConcurrentLinkedQueue<>()).add(nowNanos);
    }

    Summary summarize() {
        Histogram delays = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        List<Spread> tips = new ArrayList<>();
        receipts.forEach((prevHash, times) -> {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (long time : times) {
                first = Math.min(first, time);
                last = Math.max(last, time);
            }
            for (long time : times) {
                delays.recordValue((time - first) / 1_000);
            }
            tips.add(new Spread(prevHash, times.size(), first, (last - first) / 1_000));
        });
        tips.sort(Comparator.comparingLong(Spread::firstNanos));
        return new Summary(tips, delays);
    }
}
