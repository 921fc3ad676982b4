package org.reservegrid.feedadapter.upstream;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with "equal jitter": the n-th delay is drawn uniformly from [d/2, d] where
 * d = min(max, initial * 2^n), so a fleet of adapters that lost the same feed does not redial in lockstep.
 * Not thread-safe; the connection loop owns it.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "reconnect delays need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the ceiling until the maximum. */
    Duration next() {
        long ceiling = attempt >= 62 ? maxNanos : Math.min(maxNanos, initialNanos << Math.min(attempt, 40));
        if (ceiling < 0) {
            ceiling = maxNanos;
        }
        attempt++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
    }

    /** Starts over from the initial delay, after a connection that delivered frames. */
    void reset() {
        attempt = 0;
    }
}
