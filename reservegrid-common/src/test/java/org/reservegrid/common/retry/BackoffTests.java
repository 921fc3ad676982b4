package org.reservegrid.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackoffTests {

    // Moved from rg-feed-adapter's upstream.BackoffTests (its reconnect delays: equal jitter).

    @Test
    void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2))
                .withEqualJitter(new SplittableRandom(1));
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
            seen.add(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1))
                    .withEqualJitter(random)
                    .next()
                    .toMillis());
        }
        assertThat(seen).hasSizeGreaterThan(10);
    }

    @Test
    void resetStartsOverAndHugeAttemptCountsStayAtTheMaximum() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30))
                .withEqualJitter(new SplittableRandom(3));
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
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(Backoff::steps).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.steps(Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        Backoff backoff = Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThatThrownBy(() -> backoff.withAddedJitter(0, new SplittableRandom(4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> backoff.delay(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    // The other users' shapes.

    @Test
    void withoutJitterTheDelaysAreExactPowersOfTwoUntilTheCap() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(10));
        assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(62)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void nextCountsAttemptsAndResetStartsOver() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.attempts()).isEqualTo(3);
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void addedJitterStaysBetweenTheDelayAndTheFractionMore() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(5))
                .withAddedJitter(0.2, new SplittableRandom(5));
        Set<Long> first = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            long delay = backoff.delay(0).toMillis();
            assertThat(delay).isBetween(100L, 120L);
            first.add(delay);
            assertThat(backoff.delay(10).toMillis()).isBetween(5_000L, 6_000L);
        }
        assertThat(first).hasSizeGreaterThan(5);
    }

    @Test
    void stepsAreTakenInOrderAndTheLastRepeats() {
        Backoff backoff = Backoff.steps(
                Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void concurrentCallersEachGetTheirOwnAttempt() throws InterruptedException {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(1), Duration.ofSeconds(1));
        int threads = 4;
        int perThread = 1_000;
        CountDownLatch done = new CountDownLatch(threads);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        backoff.next();
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(backoff.attempts()).isEqualTo(threads * perThread);
    }
}
