package org.reservegrid.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.gateway.mode.DistributionCause.STALE_HOLD_EXPIRED;
import static org.reservegrid.gateway.mode.DistributionCause.VERDICT_ACCEPTED;
import static org.reservegrid.gateway.mode.Templates.LOW_FEES;
import static org.reservegrid.gateway.mode.Templates.TIP_A;
import static org.reservegrid.gateway.mode.Templates.TIP_B;
import static org.reservegrid.gateway.mode.Templates.accepted;
import static org.reservegrid.gateway.mode.Templates.distribute;
import static org.reservegrid.gateway.mode.Templates.hold;
import static org.reservegrid.gateway.mode.Templates.inline;
import static org.reservegrid.gateway.mode.Templates.inlineWorkingOnTipA;
import static org.reservegrid.gateway.mode.Templates.rejected;
import static org.reservegrid.gateway.mode.Templates.unverified;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Inline mode on the tip miners already work on: accepted goes out, rejected is held. */
class InlineModeTests {
    private final ModeController controller = inlineWorkingOnTipA();

    @Test
    void anAcceptedTemplateOnTheWorkingTipIsDistributedAtOnce() {
        assertThat(controller.onTemplate(accepted(2, TIP_A), 1_000))
                .containsExactly(distribute(accepted(2, TIP_A), VERDICT_ACCEPTED));
        assertThat(controller.counters().distributedAccepted()).isEqualTo(2);
        assertThat(controller.nextDeadlineMillis()).isEmpty();
    }

    @Test
    void aRejectedTemplateIsHeldAndStartsTheStaleHoldTimer() {
        assertThat(controller.onTemplate(rejected(2, TIP_A), 1_000)).containsExactly(hold(rejected(2, TIP_A)));

        ModeCounters counters = controller.counters();
        assertThat(counters.holds()).isEqualTo(1);
        assertThat(counters.withheld()).isEqualTo(1);
        assertThat(counters.distributed()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).hasValue(31_000);
    }

    @Test
    void onlyTheNewestHeldTemplateIsKeptAndTheTimerKeepsItsStart() {
        controller.onTemplate(rejected(2, TIP_A), 1_000);
        assertThat(controller.onTemplate(rejected(3, TIP_A), 5_000)).containsExactly(hold(rejected(3, TIP_A)));

        assertThat(controller.counters().withheld()).isEqualTo(1);
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).hasValue(31_000);
        assertThat(controller.onTimer(31_000)).containsExactly(distribute(rejected(3, TIP_A), STALE_HOLD_EXPIRED));
    }

    @Test
    void aRejectedTemplateOlderThanTheHeldOneIsDiscardedNotHeld() {
        controller.onTemplate(unverified(2, TIP_A), 1_000);
        controller.onTemplate(rejected(3, TIP_A), 1_000);

        assertThat(controller.onVerdict(2, false, LOW_FEES, 2_000)).isEmpty();
        assertThat(controller.counters().holds()).isEqualTo(1);
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.onTimer(31_000)).containsExactly(distribute(rejected(3, TIP_A), STALE_HOLD_EXPIRED));
    }

    @Test
    void aLaterAcceptedTemplateSupersedesTheHeldOnes() {
        controller.onTemplate(rejected(2, TIP_A), 1_000);

        assertThat(controller.onTemplate(accepted(3, TIP_A), 2_000))
                .containsExactly(distribute(accepted(3, TIP_A), VERDICT_ACCEPTED));
        assertThat(controller.counters().withheld()).isZero();
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).isEmpty();
        assertThat(controller.onTimer(100_000)).isEmpty();
    }

    @Test
    void theStaleHoldTimerReleasesTheNewestHeldTemplateAndCountsIt() {
        controller.onTemplate(rejected(2, TIP_A), 1_000);

        assertThat(controller.onTimer(30_999)).isEmpty();
        assertThat(controller.onTimer(31_000)).containsExactly(distribute(rejected(2, TIP_A), STALE_HOLD_EXPIRED));

        ModeCounters counters = controller.counters();
        assertThat(counters.staleHoldExpiries()).isEqualTo(1);
        assertThat(counters.releases()).isEqualTo(1);
        assertThat(counters.withheld()).isZero();
        assertThat(controller.nextDeadlineMillis()).isEmpty();
    }

    @Test
    void theStaleHoldTimerIsConfigurable() {
        ModeController shortHold = inline(Duration.ofSeconds(5), Duration.ofMillis(50), 2);
        shortHold.onTemplate(accepted(1, TIP_A), 0);
        shortHold.onTemplate(rejected(2, TIP_A), 1_000);

        assertThat(shortHold.nextDeadlineMillis()).hasValue(6_000);
        assertThat(shortHold.onTimer(6_000)).containsExactly(distribute(rejected(2, TIP_A), STALE_HOLD_EXPIRED));
    }

    @Test
    void aVerdictArrivingAfterTheTemplateDecidesIt() {
        assertThat(controller.onTemplate(unverified(2, TIP_A), 1_000)).isEmpty();
        assertThat(controller.onTemplate(unverified(3, TIP_A), 1_000)).isEmpty();
        assertThat(controller.counters().withheld()).isEqualTo(2);
        assertThat(controller.nextDeadlineMillis()).isEmpty();

        assertThat(controller.onVerdict(3, false, LOW_FEES, 1_010)).containsExactly(hold(unverified(3, TIP_A)));
        assertThat(controller.onVerdict(2, true, "accepted", 1_020))
                .containsExactly(distribute(unverified(2, TIP_A), VERDICT_ACCEPTED));
    }

    @Test
    void distributingAnOlderAcceptedTemplateKeepsTheNewerHeldOneAndRestartsTheTimer() {
        controller.onTemplate(unverified(2, TIP_A), 0);
        controller.onTemplate(rejected(3, TIP_A), 1_000);

        controller.onVerdict(2, true, "accepted", 2_000);

        assertThat(controller.counters().withheld()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).hasValue(32_000);
        assertThat(controller.onTimer(32_000)).containsExactly(distribute(rejected(3, TIP_A), STALE_HOLD_EXPIRED));
    }

    @Test
    void everyInputFirstAppliesTheDeadlinesThatPassedBeforeIt() {
        controller.onTemplate(rejected(2, TIP_A), 0);

        assertThat(controller.onTemplate(accepted(3, TIP_A), 45_000))
                .containsExactly(
                        distribute(rejected(2, TIP_A), STALE_HOLD_EXPIRED),
                        distribute(accepted(3, TIP_A), VERDICT_ACCEPTED));
    }

    @Test
    void aTemplateForATipOlderThanTheNewestIsIgnoredAndCounted() {
        controller.onTemplate(accepted(5, TIP_B), 1_000);

        assertThat(controller.onTemplate(accepted(4, TIP_A), 1_001)).isEmpty();
        assertThat(controller.counters().ignoredOlderTip()).isEqualTo(1);
        assertThat(controller.workingTip()).hasValue(TIP_B);
    }

    @Test
    void aTemplateOlderThanTheWorkMinersHaveOnTheSameTipIsIgnored() {
        controller.onTemplate(accepted(5, TIP_A), 1_000);

        assertThat(controller.onTemplate(accepted(4, TIP_A), 1_001)).isEmpty();
        assertThat(controller.counters().ignoredOutOfOrder()).isEqualTo(1);
    }

    @Test
    void aSequenceSeenBeforeIsIgnored() {
        controller.onTemplate(rejected(2, TIP_A), 1_000);

        assertThat(controller.onTemplate(accepted(2, TIP_A), 1_001)).isEmpty();
        assertThat(controller.counters().ignoredOutOfOrder()).isEqualTo(1);
        assertThat(controller.counters().withheld()).isEqualTo(1);
    }

    @Test
    void verdictsForUnknownSequencesAreIgnoredAndCounted() {
        assertThat(controller.onVerdict(99, true, "accepted", 1_000)).isEmpty();
        assertThat(controller.onVerdict(1, false, LOW_FEES, 1_000)).isEmpty();

        assertThat(controller.counters().verdictsIgnored()).isEqualTo(2);
        assertThat(controller.counters().rejectedAfterDistribution()).isZero();
    }

    @Test
    void onlyTheNewestTemplatesAwaitingAVerdictAreKept() {
        for (long sequence = 2; sequence < 2 + ModeController.SAME_TIP_AWAITING_LIMIT + 3; sequence++) {
            controller.onTemplate(unverified(sequence, TIP_A), 1_000);
        }

        assertThat(controller.counters().withheld()).isEqualTo(ModeController.SAME_TIP_AWAITING_LIMIT);
        assertThat(controller.counters().discarded()).isEqualTo(3);
        assertThat(controller.onVerdict(2, true, "accepted", 1_001)).isEmpty();
    }

    @Test
    void aClockGoingBackwardsStandsStill() {
        controller.onTemplate(rejected(2, TIP_A), 10_000);

        assertThat(controller.onTemplate(rejected(3, TIP_A), 5_000)).containsExactly(hold(rejected(3, TIP_A)));
        assertThat(controller.nextDeadlineMillis()).hasValue(40_000);
        assertThat(controller.onTimer(39_999)).isEmpty();
    }

    @Test
    void everyReceivedTemplateIsAccountedForExactlyOnce() {
        controller.onTemplate(rejected(2, TIP_A), 1_000);
        controller.onTemplate(unverified(3, TIP_A), 1_000);
        controller.onTemplate(accepted(2, TIP_A), 1_000);
        controller.onTemplate(accepted(7, TIP_B), 1_000);
        controller.onTemplate(accepted(6, TIP_A), 1_000);

        ModeCounters counters = controller.counters();
        assertThat(counters.templates()).isEqualTo(6);
        assertThat(counters.templates())
                .isEqualTo(counters.distributed()
                        + counters.ignoredOlderTip()
                        + counters.ignoredOutOfOrder()
                        + counters.discarded()
                        + counters.withheld());
    }

    @Test
    void afterTheSourceRestartsItsNumberingLowSequencesAreNewWorkAgain() {
        controller.onTemplate(accepted(500, TIP_A), 1_000);
        controller.onTemplate(rejected(501, TIP_A), 1_000);

        assertThat(controller.onSourceRestarted(2_000)).isEmpty();
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).isEmpty();
        assertThat(controller.onTemplate(accepted(1, TIP_A), 2_001))
                .containsExactly(distribute(accepted(1, TIP_A), VERDICT_ACCEPTED));
        assertThat(controller.onTemplate(unverified(2, TIP_B), 2_002)).isEmpty();
        assertThat(controller.nextDeadlineMillis()).hasValue(2_052);
    }

    @Test
    void beforeAnyTemplateNothingIsWaitingAndNoTipIsKnown() {
        ModeController fresh = inline();

        assertThat(fresh.nextDeadlineMillis()).isEmpty();
        assertThat(fresh.workingTip()).isEmpty();
        assertThat(fresh.newestTip()).isEmpty();
        assertThat(fresh.onTimer(1_000)).isEmpty();
        assertThat(fresh.mode()).isEqualTo(GatewayMode.INLINE);
    }
}
