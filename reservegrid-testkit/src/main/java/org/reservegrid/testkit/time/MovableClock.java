package org.reservegrid.testkit.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock a test sets or moves forward by hand, so expiry, retention and age checks run without waiting. Safe to
 * read from the service's threads while the test moves it.
 */
public final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    /** Starts at the current time, truncated to microseconds as databases store it. */
    public MovableClock() {
        this(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    public MovableClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
