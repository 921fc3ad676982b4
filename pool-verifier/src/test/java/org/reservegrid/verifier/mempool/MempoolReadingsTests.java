package org.reservegrid.verifier.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.testkit.time.MovableClock;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.support.FakeTemplateManager;

/** A template is judged with the mempool count of its own time, not a later one. */
class MempoolReadingsTests {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Nested
    class Lookup {
        private final MempoolReadings readings = new MempoolReadings(Duration.ofSeconds(30));

        @Test
        void aTemplateOfAnEarlierSecondGetsTheNewestReadingTakenAtOrBeforeItsTime() {
            readings.add(new MempoolReadings.Reading(10, T0));
            readings.add(new MempoolReadings.Reading(20, T0.plusSeconds(5)));
            readings.add(new MempoolReadings.Reading(60, T0.plusSeconds(10)));
            Instant now = T0.plusSeconds(12);

            assertThat(readings.at(T0.getEpochSecond(), now)).isEqualTo(new MempoolView(10));
            assertThat(readings.at(T0.getEpochSecond() + 4, now)).isEqualTo(new MempoolView(10));
            assertThat(readings.at(T0.getEpochSecond() + 5, now)).isEqualTo(new MempoolView(20));
            assertThat(readings.at(T0.getEpochSecond() + 9, now)).isEqualTo(new MempoolView(20));
            assertThat(readings.at(T0.getEpochSecond() + 11, now)).isEqualTo(new MempoolView(60));
        }

        @Test
        void aReadingTakenDuringTheTemplatesSecondCountsAsItsOwnTime() {
            readings.add(new MempoolReadings.Reading(10, T0));
            readings.add(new MempoolReadings.Reading(20, T0.plusMillis(5_900)));

            assertThat(readings.at(T0.getEpochSecond() + 5, T0.plusSeconds(7))).isEqualTo(new MempoolView(20));
        }

        @Test
        void aTemplateOfNowsSecondOrLaterOrOlderThanEveryReadingLeavesItToTheCurrentView() {
            readings.add(new MempoolReadings.Reading(10, T0.plusSeconds(5)));
            Instant now = T0.plusMillis(6_500);

            assertThat(readings.at(now.getEpochSecond(), now)).isNull();
            assertThat(readings.at(now.getEpochSecond() + 60, now))
                    .as("a node clock ahead of the verifier's")
                    .isNull();
            assertThat(readings.at(T0.getEpochSecond() + 4, now))
                    .as("built before the verifier's first reading")
                    .isNull();
            assertThat(new MempoolReadings(Duration.ofSeconds(30)).at(T0.getEpochSecond(), now))
                    .isNull();
        }

        @Test
        void aReadingStaleAtTheTemplatesTimeMeansTheMempoolWasUnknownThen() {
            readings.add(new MempoolReadings.Reading(10, T0));
            readings.add(new MempoolReadings.Reading(60, T0.plusSeconds(100)));
            Instant now = T0.plusSeconds(101);

            assertThat(readings.at(T0.getEpochSecond() + 29, now)).isEqualTo(new MempoolView(10));
            assertThat(readings.at(T0.getEpochSecond() + 31, now)).isEqualTo(MempoolView.unknown());
        }

        @Test
        void keepsTheLastReadingsOnlyAndStillFindsTheRightOneAfterTheRingWraps() {
            int total = MempoolReadings.CAPACITY * 2 + 7;
            for (int i = 0; i < total; i++) {
                readings.add(new MempoolReadings.Reading(i, T0.plusSeconds(i)));
            }
            Instant now = T0.plusSeconds(total + 1);

            for (int i = total - MempoolReadings.CAPACITY; i < total; i++) {
                assertThat(readings.at(T0.getEpochSecond() + i, now)).isEqualTo(new MempoolView(i));
            }
            assertThat(readings.at(T0.getEpochSecond() + total - MempoolReadings.CAPACITY - 1, now))
                    .as("older than every kept reading")
                    .isNull();
        }
    }

    /** The tracker polling a real HTTP mempool endpoint, with a clock the test moves. */
    @Test
    void theTrackerJudgesAWaitingTemplateWithTheCountPolledAtItsTimeAndAFreshOneWithTheLatest() throws Exception {
        MovableClock clock = new MovableClock(T0);
        try (FakeTemplateManager templateManager = new FakeTemplateManager(10)) {
            VerifierSettings settings = VerifierSettings.from(
                    new EnvConfig(Map.of(VerifierSettings.TEMPLATE_MANAGER_URL, templateManager.url())));
            MempoolTracker tracker = new MempoolTracker(settings, new SimpleMeterRegistry(), clock);
            tracker.poll();
            clock.set(T0.plusSeconds(10));
            templateManager.setTxCount(60);
            tracker.poll();
            clock.set(T0.plusSeconds(12));

            assertThat(tracker.view()).isEqualTo(new MempoolView(60));
            assertThat(tracker.viewAt(T0.getEpochSecond() + 3, clock.instant()))
                    .as("a template built at T0 + 3 s that waited until T0 + 12 s")
                    .isEqualTo(new MempoolView(10));
            assertThat(tracker.viewAt(T0.getEpochSecond() + 12, clock.instant()))
                    .isEqualTo(new MempoolView(60));
        }
    }
}
