package org.reservegrid.templates.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition on real sockets; the deadline only bounds a failing test, it asserts nothing about speed. */
public final class Await {
    private static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {}

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
