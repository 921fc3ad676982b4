package org.reservegrid.loadtest.http;

import java.time.Duration;

/**
 * When each request of an open-loop run is due: request {@code i} at {@code i / rate} seconds after the start, however
 * long earlier requests took. Requests due before the end of the warm-up are sent but not measured; the run ends
 * with the last request due before {@code warmup + duration}.
 *
 * <p>Offsets are computed from the index, not by adding an interval per request, so a rate whose interval is not a
 * whole number of nanoseconds does not drift over a long run.
 */
record RateSchedule(double ratePerSecond, Duration warmup, Duration duration) {

    RateSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("the rate must be a positive number");
        }
    }

    /** Nanoseconds from the start at which request {@code index} is due. */
    long offsetNanos(long index) {
        return (long) Math.floor(index * 1e9 / ratePerSecond);
    }

    /** Requests due in the warm-up: indexes below this are not measured. */
    long warmupRequests() {
        return requestsDueBefore(warmup.toNanos());
    }

    /** Every request of the run, warm-up included. */
    long totalRequests() {
        return requestsDueBefore(warmup.toNanos() + duration.toNanos());
    }

    long measuredRequests() {
        return totalRequests() - warmupRequests();
    }

    boolean measured(long index) {
        return index >= warmupRequests();
    }

    /** How many requests are due strictly before {@code offsetNanos}: the first index due at or after it. */
    long requestsDueBefore(long offsetNanos) {
        if (offsetNanos <= 0) {
            return 0;
        }
        long index = (long) Math.ceil(offsetNanos / 1e9 * ratePerSecond);
        // The estimate can be one off either way through rounding; settle it against offsetNanos itself.
        while (index > 0 && offsetNanos(index - 1) >= offsetNanos) {
            index--;
        }
        while (offsetNanos(index) < offsetNanos) {
            index++;
        }
        return index;
    }
}
