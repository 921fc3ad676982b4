package org.reservegrid.gateway.hashrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.gateway.hashrate.HashrateHistory.Sample;

class HashrateHistoryTests {
    /** 2026-12-03 12:00:00 UTC, on a 10 s boundary. */
    private static final long T0 = 1_796_299_200_000L;

    private final HashrateHistory history = HashrateHistory.lastHour();

    @Test
    void eachIntervalKeepsTheLastFiguresRecordedInItStampedWithItsStart() {
        history.record(T0 + 1_000, 100, 0, false);
        history.record(T0 + 9_750, 100, 80, false);
        history.record(T0 + 10_000, 100, 90, false);
        history.record(T0 + 12_500, 200, 95, true);

        assertThat(history.samples())
                .containsExactly(new Sample(T0, 100f, 80f, false), new Sample(T0 + 10_000, 200f, 95f, true));
    }

    @Test
    void anIntervalWithNothingRecordedHasNoSample() {
        history.record(T0, 1, 1, false);
        history.record(T0 + 35_000, 1, 2, false);

        assertThat(history.samples()).extracting(Sample::at).containsExactly(T0, T0 + 30_000);
    }

    @Test
    void theOldestSamplesGiveWayOnceAnHourIsKept() {
        for (int i = 0; i < 1_000; i++) {
            history.record(T0 + i * 10_000L + 3, 1, i, i % 3 == 0);
        }

        List<Sample> samples = history.samples();
        assertThat(samples).hasSize(HashrateHistory.SAMPLES);
        assertThat(history.allocated()).isEqualTo(HashrateHistory.SAMPLES);
        assertThat(samples.getFirst()).isEqualTo(new Sample(T0 + 640 * 10_000L, 1f, 640f, false));
        assertThat(samples.getLast()).isEqualTo(new Sample(T0 + 999 * 10_000L, 1f, 999f, true));
        for (int i = 0; i < samples.size(); i++) {
            int interval = 640 + i;
            assertThat(samples.get(i).measured()).isEqualTo(interval);
            // The settled bits wrap around the ring with their samples, across word boundaries.
            assertThat(samples.get(i).settled())
                    .as("settled of interval %d", interval)
                    .isEqualTo(interval % 3 == 0);
        }
    }

    @Test
    void storageGrowsWithTheSamplesUpToTheCapacity() {
        assertThat(history.allocated()).isEqualTo(16);
        for (int i = 0; i < 17; i++) {
            history.record(T0 + i * 10_000L, 1, 1, false);
        }
        assertThat(history.allocated()).isEqualTo(32);
        assertThat(history.size()).isEqualTo(17);

        HashrateHistory small = new HashrateHistory(Duration.ofSeconds(1), 5);
        for (int i = 0; i < 12; i++) {
            small.record(T0 + i * 1_000L, 1, i, false);
        }
        assertThat(small.allocated()).isEqualTo(5);
        assertThat(small.samples()).extracting(Sample::measured).containsExactly(7f, 8f, 9f, 10f, 11f);
    }

    @Test
    void aClockThatGoesBackwardsIsTreatedAsStandingStill() {
        history.record(T0 + 20_000, 1, 1, false);
        history.record(T0 + 5_000, 1, 2, true);

        assertThat(history.samples()).containsExactly(new Sample(T0 + 20_000, 1f, 2f, true));

        history.record(T0 + 30_000, 1, 3, false);
        assertThat(history.samples()).extracting(Sample::measured).containsExactly(2f, 3f);
    }

    @Test
    void hashratesAreKeptAtFloatPrecision() {
        history.record(T0, 1.5e15, 123_456_789_012.0, false);

        Sample sample = history.samples().getFirst();
        assertThat(sample.declared()).isEqualTo(1.5e15f);
        assertThat(sample.measured()).isEqualTo(123_456_789_012f);
        assertThat((double) sample.measured())
                .isCloseTo(123_456_789_012.0, org.assertj.core.data.Percentage.withPercentage(1e-5));
    }

    @Test
    void releasingDropsTheSamplesAndTheirStorageForGood() {
        for (int i = 0; i < 40; i++) {
            history.record(T0 + i * 10_000L, 1, 1, false);
        }

        history.release();
        history.record(T0 + 400_000, 1, 1, false);

        assertThat(history.samples()).isEmpty();
        assertThat(history.size()).isZero();
        assertThat(history.allocated()).isZero();
    }

    @Test
    void anIntervalAndACapacityMustBePositive() {
        assertThatThrownBy(() -> new HashrateHistory(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HashrateHistory(Duration.ofSeconds(10), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
