package org.reservegrid.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.gateway.mode.DistributionCause.PREVHASH_REJECTED_RELEASED;
import static org.reservegrid.gateway.mode.DistributionCause.PREVHASH_WINDOW_EXPIRED;
import static org.reservegrid.gateway.mode.DistributionCause.STALE_HOLD_EXPIRED;
import static org.reservegrid.gateway.mode.DistributionCause.VERDICT_ACCEPTED;
import static org.reservegrid.gateway.mode.Templates.EMPTY;
import static org.reservegrid.gateway.mode.Templates.LOW_FEES;
import static org.reservegrid.gateway.mode.Templates.TIP_A;
import static org.reservegrid.gateway.mode.Templates.TIP_B;
import static org.reservegrid.gateway.mode.Templates.TIP_C;
import static org.reservegrid.gateway.mode.Templates.accepted;
import static org.reservegrid.gateway.mode.Templates.distribute;
import static org.reservegrid.gateway.mode.Templates.hold;
import static org.reservegrid.gateway.mode.Templates.inline;
import static org.reservegrid.gateway.mode.Templates.inlineWorkingOnTipA;
import static org.reservegrid.gateway.mode.Templates.rejected;
import static org.reservegrid.gateway.mode.Templates.unverified;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Inline mode when a template builds on a new chain tip: the dual prevhash buffer and its verdict window. */
class PrevhashWindowTests {
    private final ModeController controller = inlineWorkingOnTipA();

    @Test
    void aTemplateOnANewTipWaitsForItsVerdictAtMostTheWindow() {
        assertThat(controller.onTemplate(unverified(10, TIP_B), 1_000)).isEmpty();

        assertThat(controller.nextDeadlineMillis()).hasValue(1_050);
        assertThat(controller.workingTip()).hasValue(TIP_A);
        assertThat(controller.newestTip()).hasValue(TIP_B);
    }

    @Test
    void aVerdictAt49MillisecondsIsInsideTheWindowAndDistributesTheAcceptedTemplate() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);

        assertThat(controller.onVerdict(10, true, "accepted", 1_049))
                .containsExactly(distribute(unverified(10, TIP_B), VERDICT_ACCEPTED));
        assertThat(controller.counters().prevhashWindowTimeouts()).isZero();
        assertThat(controller.workingTip()).hasValue(TIP_B);
        assertThat(controller.nextDeadlineMillis()).isEmpty();
    }

    @Test
    void aVerdictAt51MillisecondsComesAfterTheWindowHasSentTheTemplateAnyway() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);

        assertThat(controller.onVerdict(10, true, "accepted", 1_051))
                .containsExactly(distribute(unverified(10, TIP_B), PREVHASH_WINDOW_EXPIRED));
        ModeCounters counters = controller.counters();
        assertThat(counters.prevhashWindowTimeouts()).isEqualTo(1);
        assertThat(counters.distributedAccepted()).isEqualTo(1);
        assertThat(counters.verdictsIgnored()).isEqualTo(1);
        assertThat(controller.workingTip()).hasValue(TIP_B);
    }

    @Test
    void aVerdictAtExactlyTheWindowLengthIsAlreadyTooLate() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);

        assertThat(controller.onVerdict(10, true, "accepted", 1_050))
                .containsExactly(distribute(unverified(10, TIP_B), PREVHASH_WINDOW_EXPIRED));
    }

    @Test
    void theWindowTimerSendsTheNewestPendingTemplateSoMinersLeaveTheOldTip() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);
        controller.onTemplate(unverified(11, TIP_B), 1_020);

        assertThat(controller.onTimer(1_049)).isEmpty();
        assertThat(controller.onTimer(1_050))
                .containsExactly(distribute(unverified(11, TIP_B), PREVHASH_WINDOW_EXPIRED));
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.counters().withheld()).isZero();
        assertThat(controller.onVerdict(10, true, "accepted", 1_060)).isEmpty();
    }

    @Test
    void theWindowIsConfigurable() {
        ModeController slow = inline(Duration.ofSeconds(30), Duration.ofMillis(200), 2);
        slow.onTemplate(accepted(1, TIP_A), 0);
        slow.onTemplate(unverified(10, TIP_B), 1_000);

        assertThat(slow.nextDeadlineMillis()).hasValue(1_200);
        assertThat(slow.onVerdict(10, true, "accepted", 1_150))
                .containsExactly(distribute(unverified(10, TIP_B), VERDICT_ACCEPTED));
    }

    @Test
    void aFastEmptyTemplateRejectedThenAnAcceptedFullOneDistributesTheFullOne() {
        TemplateRef empty = new TemplateRef(10, TIP_B, Verdict.reject(EMPTY));
        assertThat(controller.onTemplate(empty, 1_000)).containsExactly(new ModeDecision.Hold(empty, EMPTY));
        controller.onTemplate(unverified(11, TIP_B), 1_010);

        assertThat(controller.onVerdict(11, true, "accepted", 1_030))
                .containsExactly(distribute(unverified(11, TIP_B), VERDICT_ACCEPTED));
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.counters().withheld()).isZero();
        assertThat(controller.nextDeadlineMillis()).isEmpty();
    }

    @Test
    void aRejectedOnlyPendingTemplateIsReleasedAtTheEndOfTheWindowAndCounted() {
        assertThat(controller.onTemplate(unverified(10, TIP_B), 1_000)).isEmpty();
        assertThat(controller.onVerdict(10, false, LOW_FEES, 1_005)).containsExactly(hold(unverified(10, TIP_B)));

        assertThat(controller.onTimer(1_049)).isEmpty();
        assertThat(controller.onTimer(1_050))
                .containsExactly(distribute(unverified(10, TIP_B), PREVHASH_REJECTED_RELEASED));
        ModeCounters counters = controller.counters();
        assertThat(counters.prevhashRejectedReleases()).isEqualTo(1);
        assertThat(counters.releases()).isEqualTo(1);
        assertThat(counters.prevhashWindowTimeouts()).isZero();
        assertThat(controller.workingTip()).hasValue(TIP_B);
    }

    @Test
    void atTheEndOfTheWindowAnUnjudgedTemplateIsPreferredToANewerRejectedOne() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);
        controller.onTemplate(rejected(11, TIP_B), 1_010);

        assertThat(controller.onTimer(1_050))
                .containsExactly(distribute(unverified(10, TIP_B), PREVHASH_WINDOW_EXPIRED));
        // The rejected newer template stays held on the now working tip, under the stale hold timer.
        assertThat(controller.counters().withheld()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).hasValue(31_050);
        assertThat(controller.onTimer(31_050)).containsExactly(distribute(rejected(11, TIP_B), STALE_HOLD_EXPIRED));
    }

    @Test
    void aThirdTemplateOnTheNewTipEvictsTheOldestPendingOne() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);
        controller.onTemplate(unverified(11, TIP_B), 1_010);
        controller.onTemplate(unverified(12, TIP_B), 1_020);

        ModeCounters counters = controller.counters();
        assertThat(counters.pendingEvicted()).isEqualTo(1);
        assertThat(counters.discarded()).isEqualTo(1);
        assertThat(counters.withheld()).isEqualTo(2);
        assertThat(controller.onVerdict(10, true, "accepted", 1_030)).isEmpty();
        assertThat(controller.counters().verdictsIgnored()).isEqualTo(1);
        assertThat(controller.onVerdict(11, true, "accepted", 1_030))
                .containsExactly(distribute(unverified(11, TIP_B), VERDICT_ACCEPTED));
    }

    @Test
    void theNumberOfPendingSlotsIsConfigurable() {
        ModeController threeSlots = inline(Duration.ofSeconds(30), Duration.ofMillis(50), 3);
        threeSlots.onTemplate(accepted(1, TIP_A), 0);
        threeSlots.onTemplate(unverified(10, TIP_B), 1_000);
        threeSlots.onTemplate(unverified(11, TIP_B), 1_010);
        threeSlots.onTemplate(unverified(12, TIP_B), 1_020);

        assertThat(threeSlots.counters().pendingEvicted()).isZero();
        assertThat(threeSlots.counters().withheld()).isEqualTo(3);
    }

    @Test
    void anOlderPendingTemplateAcceptedFirstGoesOutAndTheNewerOneKeepsWaitingForItsVerdict() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);
        controller.onTemplate(unverified(11, TIP_B), 1_010);

        assertThat(controller.onVerdict(10, true, "accepted", 1_020))
                .containsExactly(distribute(unverified(10, TIP_B), VERDICT_ACCEPTED));
        assertThat(controller.nextDeadlineMillis()).isEmpty();
        assertThat(controller.onVerdict(11, true, "accepted", 5_000))
                .containsExactly(distribute(unverified(11, TIP_B), VERDICT_ACCEPTED));
    }

    @Test
    void aTemplateArrivingAcceptedOnANewTipIsDistributedWithoutWaiting() {
        assertThat(controller.onTemplate(accepted(10, TIP_B), 1_000))
                .containsExactly(distribute(accepted(10, TIP_B), VERDICT_ACCEPTED));
        assertThat(controller.nextDeadlineMillis()).isEmpty();
    }

    @Test
    void aSecondNewTipInsideTheWindowKeepsTheDeadlineAndDropsTheFirstTipsTemplates() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);
        controller.onTemplate(unverified(20, TIP_C), 1_030);

        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).hasValue(1_050);
        assertThat(controller.onTimer(1_050))
                .containsExactly(distribute(unverified(20, TIP_C), PREVHASH_WINDOW_EXPIRED));
    }

    @Test
    void aTemplateOfTheOldTipBuiltBeforeTheNewTipIsIgnoredDuringTheWindow() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);

        assertThat(controller.onTemplate(accepted(9, TIP_A), 1_010)).isEmpty();
        assertThat(controller.counters().ignoredOlderTip()).isEqualTo(1);
        assertThat(controller.workingTip()).hasValue(TIP_A);
    }

    @Test
    void theOldTipComingBackAfterTheNewOneClosesTheWindow() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);

        assertThat(controller.onTemplate(accepted(11, TIP_A), 1_010))
                .containsExactly(distribute(accepted(11, TIP_A), VERDICT_ACCEPTED));
        assertThat(controller.counters().discarded()).isEqualTo(1);
        assertThat(controller.nextDeadlineMillis()).isEmpty();
        assertThat(controller.newestTip()).hasValue(TIP_A);
    }

    @Test
    void aRejectedVerdictAfterTheWindowSentTheTemplateIsCounted() {
        controller.onTemplate(unverified(10, TIP_B), 1_000);
        controller.onTimer(1_050);

        assertThat(controller.onVerdict(10, false, LOW_FEES, 1_060)).isEmpty();
        assertThat(controller.counters().rejectedAfterDistribution()).isEqualTo(1);
        assertThat(controller.onVerdict(10, false, LOW_FEES, 1_070)).isEmpty();
        assertThat(controller.counters().rejectedAfterDistribution()).isEqualTo(1);
        assertThat(controller.counters().verdictsIgnored()).isEqualTo(1);
    }

    @Test
    void theVeryFirstTemplateAlsoWaitsAtMostTheWindow() {
        ModeController fresh = inline();

        assertThat(fresh.onTemplate(unverified(1, TIP_A), 0)).isEmpty();
        assertThat(fresh.onTimer(50)).containsExactly(distribute(unverified(1, TIP_A), PREVHASH_WINDOW_EXPIRED));
    }
}
