package org.reservegrid.common.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The delays between retries of one client: exponential (the n-th delay is {@code min(max, initial * 2^n)}) or a
 * fixed list of steps (the last step repeats), optionally jittered, counted from the last {@link #reset()}.
 *
 * <p>Every reconnecting or retrying client in the project uses this class with its own delays, so their shape is
 * written and tested once. {@link #next()} and {@link #reset()} may be called from different threads.
 */
public final class Backoff {
    private final List<Duration> steps;
    private final long initialNanos;
    private final long maxNanos;
    private final Jitter jitter;
    private final AtomicInteger attempts = new AtomicInteger();

    private Backoff(List<Duration> steps, long initialNanos, long maxNanos, Jitter jitter) {
        this.steps = steps;
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.jitter = jitter;
    }

    /** Delays that start at {@code initial} and double up to {@code max}, without jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        return new Backoff(List.of(), initial.toNanos(), max.toNanos(), Jitter.NONE);
    }

    /** Delays taken in order from {@code steps}; once they run out the last one repeats. */
    public static Backoff steps(Duration... steps) {
        if (steps.length == 0) {
            throw new IllegalArgumentException("a stepped backoff needs at least one step");
        }
        for (Duration step : steps) {
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("backoff steps must be positive, got " + step);
            }
        }
        return new Backoff(List.of(steps), 0, 0, Jitter.NONE);
    }

    /**
     * The same delays with "equal jitter": each is drawn uniformly from {@code [d/2, d]}, so a fleet of clients that
     * lost the same server does not redial in lockstep.
     */
    public Backoff withEqualJitter(RandomGenerator random) {
        return new Backoff(steps, initialNanos, maxNanos, new Jitter(random, true, 0));
    }

    /** The same delays with up to {@code fraction} of each added at random: {@code [d, d * (1 + fraction)]}. */
    public Backoff withAddedJitter(double fraction, RandomGenerator random) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the jitter fraction must be in (0, 1], got " + fraction);
        }
        return new Backoff(steps, initialNanos, maxNanos, new Jitter(random, false, fraction));
    }

    /** The delay before the next attempt; each call moves one attempt further. */
    public Duration next() {
        return delay(attempts.getAndIncrement());
    }

    /** Starts over from the first delay, after a success. */
    public void reset() {
        attempts.set(0);
    }

    /** How many delays {@link #next()} handed out since the last reset. */
    public int attempts() {
        return attempts.get();
    }

    /** The delay before attempt {@code attempt} (0 is the first retry), jittered; does not move the count. */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, got " + attempt);
        }
        return Duration.ofNanos(jitter.apply(ceilingNanos(attempt)));
    }

    private long ceilingNanos(int attempt) {
        if (!steps.isEmpty()) {
            return steps.get(Math.min(attempt, steps.size() - 1)).toNanos();
        }
        // Shifting by 63 or more would wrap; a shift that would pass the maximum is the maximum.
        if (attempt >= 63 || initialNanos > (maxNanos >> attempt)) {
            return maxNanos;
        }
        return Math.min(maxNanos, initialNanos << attempt);
    }

    private record Jitter(RandomGenerator random, boolean equal, double addedFraction) {
        static final Jitter NONE = new Jitter(RandomGenerator.getDefault(), false, 0);

        /** Random generators are rarely thread-safe; draws are few, so one lock per backoff is cheap. */
        long apply(long nanos) {
            if (equal || addedFraction > 0) {
                synchronized (random) {
                    return draw(nanos);
                }
            }
            return nanos;
        }

        private long draw(long nanos) {
            if (equal) {
                long half = nanos / 2;
                return half + random.nextLong(nanos - half + 1);
            }
            return nanos + random.nextLong((long) (nanos * addedFraction) + 1);
        }
    }
}
