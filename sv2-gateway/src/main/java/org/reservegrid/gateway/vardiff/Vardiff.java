package org.reservegrid.gateway.vardiff;

import java.util.Optional;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.Targets;

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
    private U256 maxTarget;
    private U256 current;
    private long windowStartMillis;
    private long sharesInWindow;
    private double hashesInWindow;

    public Vardiff(double sharesPerMinute, long reviewMillis, U256 initial, U256 maxTarget, long nowMillis) {
        if (!(sharesPerMinute > 0) || reviewMillis <= 0) {
            throw new IllegalArgumentException("shares per minute and review interval must be positive");
        }
        this.sharesPerMinute = sharesPerMinute;
        this.reviewMillis = reviewMillis;
        this.maxTarget = maxTarget;
        this.current = Targets.harder(initial, maxTarget);
        this.windowStartMillis = nowMillis;
    }

    public U256 current() {
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
    public Optional<U256> review(long nowMillis) {
        long elapsed = nowMillis - windowStartMillis;
        if (elapsed < reviewMillis) {
            return Optional.empty();
        }
        double observedPerMinute = sharesInWindow * 60_000.0 / elapsed;
        Optional<U256> change = Optional.empty();
        if (sharesInWindow == 0) {
            // No share at all: we only know the hashrate is below what this target expects; halve difficulty.
            U256 easier = Targets.harder(easier(current), maxTarget);
            change = easier.equals(current) ? Optional.empty() : Optional.of(easier);
        } else if (observedPerMinute > sharesPerMinute * TOLERANCE || observedPerMinute < sharesPerMinute / TOLERANCE) {
            double hashrate = hashesInWindow * 1000.0 / elapsed;
            U256 retarget = Targets.harder(Targets.forHashrate(hashrate, sharesPerMinute), maxTarget);
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
    public U256 update(double nominalHashesPerSecond, U256 newMaxTarget, long nowMillis) {
        maxTarget = newMaxTarget;
        current = Targets.harder(Targets.forHashrate(nominalHashesPerSecond, sharesPerMinute), maxTarget);
        windowStartMillis = nowMillis;
        sharesInWindow = 0;
        hashesInWindow = 0;
        return current;
    }

    /** Twice the target (half the difficulty), capped at the easiest target. */
    private static U256 easier(U256 target) {
        java.math.BigInteger doubled = target.toBigInteger().shiftLeft(1);
        return doubled.compareTo(Targets.MAX.toBigInteger()) >= 0 ? Targets.MAX : U256.fromBigInteger(doubled);
    }
}
