package org.reservegrid.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateScheduleTests {

    @Test
    void requestsAreDueAtWholeMultiplesOfTheInterval() {
        RateSchedule schedule = new RateSchedule(2_000, Duration.ZERO, Duration.ofSeconds(1));

        assertThat(schedule.offsetNanos(0)).isZero();
        assertThat(schedule.offsetNanos(1)).isEqualTo(500_000);
        assertThat(schedule.offsetNanos(2_000)).isEqualTo(1_000_000_000);
        assertThat(schedule.totalRequests()).isEqualTo(2_000);
    }

    @Test
    void anIntervalThatIsNotAWholeNumberOfNanosecondsDoesNotDrift() {
        RateSchedule schedule = new RateSchedule(3, Duration.ZERO, Duration.ofHours(1));

        assertThat(schedule.offsetNanos(1)).isEqualTo(333_333_333);
        assertThat(schedule.offsetNanos(3)).isEqualTo(1_000_000_000);
        // An hour later the schedule is still on the second: offsets come from the index, not from summed intervals.
        assertThat(schedule.offsetNanos(3 * 3_600)).isEqualTo(3_600_000_000_000L);
        assertThat(schedule.totalRequests()).isEqualTo(3 * 3_600);
    }

    @Test
    void theWarmUpsRequestsComeFirstAndAreNotMeasured() {
        RateSchedule schedule = new RateSchedule(100, Duration.ofSeconds(5), Duration.ofSeconds(60));

        assertThat(schedule.warmupRequests()).isEqualTo(500);
        assertThat(schedule.measuredRequests()).isEqualTo(6_000);
        assertThat(schedule.totalRequests()).isEqualTo(6_500);
        assertThat(schedule.measured(499)).isFalse();
        assertThat(schedule.measured(500)).isTrue();
        assertThat(schedule.offsetNanos(500)).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void noWarmUpMeansEveryRequestIsMeasured() {
        RateSchedule schedule = new RateSchedule(10, Duration.ZERO, Duration.ofMillis(1_050));

        assertThat(schedule.warmupRequests()).isZero();
        // Due at 0, 100, ..., 1000 ms: eleven requests before 1,050 ms.
        assertThat(schedule.totalRequests()).isEqualTo(11);
    }

    @Test
    void aRateBelowOnePerSecondStillSchedulesTheFirstRequestAtTheStart() {
        RateSchedule schedule = new RateSchedule(0.5, Duration.ZERO, Duration.ofSeconds(3));

        assertThat(schedule.offsetNanos(1)).isEqualTo(2_000_000_000L);
        assertThat(schedule.totalRequests()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1, 7, 10, 13.7, 160, 999.9, 2_000, 3_333, 50_000, 1_000_000})
    void theRequestCountBeforeAnyInstantIsTheFirstIndexDueAtOrAfterIt(double rate) {
        RateSchedule schedule = new RateSchedule(rate, Duration.ZERO, Duration.ofSeconds(1));
        for (long offset :
                new long[] {1, 999, 1_000_000, 333_333_333, 1_000_000_000, 7_777_777_777L, 86_400_000_000_000L}) {
            long count = schedule.requestsDueBefore(offset);

            assertThat(schedule.offsetNanos(count)).isGreaterThanOrEqualTo(offset);
            assertThat(count == 0 || schedule.offsetNanos(count - 1) < offset).isTrue();
        }
    }

    @Test
    void offsetsNeverGoBackwards() {
        RateSchedule schedule = new RateSchedule(2_999.7, Duration.ZERO, Duration.ofSeconds(1));
        long previous = -1;
        for (long index = 0; index < 100_000; index++) {
            long offset = schedule.offsetNanos(index);
            assertThat(offset).isGreaterThan(previous);
            previous = offset;
        }
    }

    @Test
    void aRateMustBePositive() {
        assertThatThrownBy(() -> new RateSchedule(0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateSchedule(Double.NaN, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
