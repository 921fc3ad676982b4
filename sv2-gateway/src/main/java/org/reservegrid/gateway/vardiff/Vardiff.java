package org.reservegrid.gateway.vardiff;

import java.util.Optional;
import org.reservegrid.gateway.mining.Target;

/**
 * Variable difficulty for one channel: steers the channel target so the miner submits about
 * {@code sharesPerMinute} shares. At each review (at most every {@code reviewMillis}) it compares the observed
 * share rate with the goal; when the rate is off by more than the tolerance it retargets from the hashrate those
 * shares imply, clamped to the miner's maximum target. Not thread-safe (one channel, one event loop).
 */
public final class Vardiff {
    /** Rates within this factor of the goal are left alone, so a target does not flap on Poisson noise. */
    private static final double TOLERANCE = 1.5;

    private final double sharesPerMinute;
    private final long reviewMillis;
    private Target maxTarget;
    private Target current;
    private long windowStartMillis;
    private long sharesInWindow;
    private double hashesInWindow;

    public Vardiff(double sharesPerMinute, long reviewMillis, Target initial, Target maxTarget, long nowMillis) {
        if (!(sharesPerMinute > 0) || reviewMillis <= 0) {
            throw new IllegalArgumentException("shares per minute and review interval must be positive");
        }
        this.sharesPerMinute = sharesPerMinute;
        this.reviewMillis = reviewMillis;
        this.maxTarget = maxTarget;
        this.current = initial.min(maxTarget);
        this.windowStartMillis = nowMillis;
    }

    public Target current() {
        return current;
    }

    /** Counts one accepted share at the current target. */
    public void recordShare(double expectedHashes) {
        sharesInWindow++;
        hashesInWindow += expectedHashes;
    }

    /**
     * Reviews the window; returns a new target when the channel should be retargeted (send SetTarget), else empty.
     * A silent channel (no shares for a whole review period) gets an easier target.
     */
    public Optional<Target> review(long nowMillis) {
        long elapsed = nowMillis - windowStartMillis;
        if (elapsed < reviewMillis) {
            return Optional.empty();
        }
        double observedPerMinute = sharesInWindow * 60_000.0 / elapsed;
        Optional<Target> change = Optional.empty();
        if (sharesInWindow == 0) {
            // No share at all: we only know the hashrate is below what this target expects; halve difficulty.
            Target easier = Target.of(current.value().shiftLeft(1).min(Target.MAX_VALUE))
                    .min(maxTarget);
            change = easier.equals(current) ? Optional.empty() : Optional.of(easier);
        } else if (observedPerMinute > sharesPerMinute * TOLERANCE || observedPerMinute < sharesPerMinute / TOLERANCE) {
            double hashrate = hashesInWindow * 1000.0 / elapsed;
            Target retarget = Target.forHashrate(hashrate, sharesPerMinute).min(maxTarget);
            change = retarget.equals(current) ? Optional.empty() : Optional.of(retarget);
        }
        change.ifPresent(target -> current = target);
        windowStartMillis = nowMillis;
        sharesInWindow = 0;
        hashesInWindow = 0;
        return change;
    }

    /**
     * UpdateChannel: the miner declares a new nominal hashrate and maximum target. Like the reference pool, the
     * answer is always a SetTarget with the target derived from the declared hashrate, clamped to the new maximum.
     */
    public Target update(double nominalHashesPerSecond, Target newMaxTarget, long nowMillis) {
        maxTarget = newMaxTarget;
        current = Target.forHashrate(nominalHashesPerSecond, sharesPerMinute).min(maxTarget);
        windowStartMillis = nowMillis;
        sharesInWindow = 0;
        hashesInWindow = 0;
        return current;
    }
}
