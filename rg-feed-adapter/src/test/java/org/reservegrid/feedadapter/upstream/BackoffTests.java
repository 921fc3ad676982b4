package org.reservegrid.feedadapter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), new SplittableRandom(1));
        long[] ceilings = {100, 200, 400, 800, 1600, 2000, 2000, 2000};
        for (long ceiling : ceilings) {
            long delay = backoff.next().toMillis();
            assertThat(delay).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void jitterSpreadsDelaysOfTheSameAttempt() {
        Set<Long> seen = new HashSet<>();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 20; i++) {
            seen.add(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), random)
                    .next()
                    .toMillis());
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }

    @Test
    void resetStartsOverAndHugeAttemptCountsStayAtTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), new SplittableRandom(3));
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.next())
                    .isLessThanOrEqualTo(Duration.ofSeconds(30))
                    .isPositive();
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void nonsensicalBoundsAreRejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom(4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom(4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
