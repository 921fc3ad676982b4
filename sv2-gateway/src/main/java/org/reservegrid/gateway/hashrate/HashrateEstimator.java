package org.reservegrid.gateway.hashrate;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Measured hashrate of one channel from a sliding window of accepted work. Each accepted share proves, on average,
 * {@code 2^256 / (target + 1)} hashes at the target it met; the estimate is the work in the window divided by the
 * window's span. Not thread-safe: one channel's shares are handled on one event loop.
 *
 * <p>The estimate is "settled" once the window holds enough shares for the Poisson noise to be small (the relative
 * error of n shares is about 1/sqrt(n)): with the default 16 shares that is about 25%.
 */
public final class HashrateEstimator {
    private record Work(long atMillis, double hashes) {}

    private final long windowMillis;
    private final int sharesToSettle;
    private final Deque<Work> window = new ArrayDeque<>();
    private final long startedAtMillis;
    private double hashesInWindow;

    public HashrateEstimator(long windowMillis, int sharesToSettle, long nowMillis) {
        if (windowMillis <= 0 || sharesToSettle <= 0) {
            throw new IllegalArgumentException("window and shares to settle must be positive");
        }
        this.windowMillis = windowMillis;
        this.sharesToSettle = sharesToSettle;
        this.startedAtMillis = nowMillis;
    }

    /** Records one accepted share worth {@code expectedHashes} at {@code nowMillis}. */
    public void record(double expectedHashes, long nowMillis) {
        window.addLast(new Work(nowMillis, expectedHashes));
        hashesInWindow += expectedHashes;
        evict(nowMillis);
    }

    /** Hashes per second over the window (or since the channel opened, when that is shorter). */
    public double hashesPerSecond(long nowMillis) {
        evict(nowMillis);
        long span = Math.min(windowMillis, nowMillis - startedAtMillis);
        return span <= 0 || window.isEmpty() ? 0 : hashesInWindow * 1000.0 / span;
    }

    public boolean settled(long nowMillis) {
        evict(nowMillis);
        return window.size() >= sharesToSettle;
    }

    public int sharesInWindow(long nowMillis) {
        evict(nowMillis);
        return window.size();
    }

    private void evict(long nowMillis) {
        while (!window.isEmpty() && window.peekFirst().atMillis() <= nowMillis - windowMillis) {
            hashesInWindow -= window.removeFirst().hashes();
        }
        if (window.isEmpty()) {
            hashesInWindow = 0;
        }
    }
}
