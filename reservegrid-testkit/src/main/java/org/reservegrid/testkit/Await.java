package org.reservegrid.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition on real sockets or processes. The deadline only bounds a failing test; it asserts nothing
 * about speed (speed belongs in the benchmarks).
 */
public final class Await {
    /** Generous on a loaded two-core machine; a passing test never waits this long. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 20;

    private Await() {}

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /** Polls {@code condition} until it holds; fails with {@code what} once {@code deadline} has passed. */
    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for: " + what + " (" + deadline + ")");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
