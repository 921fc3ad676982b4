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
 * channel's first SetNewPrevHash comes with its opening, not with a block. A tip that arrives while connections are
 * still being opened is listed but kept out of the percentiles: it races the handshakes for the same cores and
 * reaches only the channels open at the time. Thread-safe.
 */
final class FanOut {

    /** One new chain tip across the channels that received it. */
    record Spread(U256 prevHash, int channels, long firstNanos, long firstToLastMicros, boolean duringRamp) {}

    /** Every tip's spread, and each receipt's delay after the first channel got the same tip (after the ramp). */
    record Summary(List<Spread> tips, Histogram delayAfterFirstMicros) {}

    private final Map<U256, ConcurrentLinkedQueue<Long>> receipts = new ConcurrentHashMap<>();

    void received(U256 prevHash, long nowNanos) {
        receipts.computeIfAbsent(prevHash, k -> new ConcurrentLinkedQueue<>()).add(nowNanos);
    }

    /** @param rampEndNanos when the last channel got work; tips first seen before it are ramp tips */
    Summary summarize(long rampEndNanos) {
        Histogram delays = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        List<Spread> tips = new ArrayList<>();
        receipts.forEach((prevHash, times) -> {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (long time : times) {
                first = Math.min(first, time);
                last = Math.max(last, time);
            }
            boolean duringRamp = first < rampEndNanos;
            if (!duringRamp) {
                for (long time : times) {
                    delays.recordValue((time - first) / 1_000);
                }
            }
            tips.add(new Spread(prevHash, times.size(), first, (last - first) / 1_000, duringRamp));
        });
        tips.sort(Comparator.comparingLong(Spread::firstNanos));
        return new Summary(tips, delays);
    }
}
