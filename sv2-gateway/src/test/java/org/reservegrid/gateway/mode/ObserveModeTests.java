package org.reservegrid.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.gateway.mode.DistributionCause.OBSERVE_UNCHECKED;
import static org.reservegrid.gateway.mode.Templates.LOW_FEES;
import static org.reservegrid.gateway.mode.Templates.TIP_A;
import static org.reservegrid.gateway.mode.Templates.TIP_B;
import static org.reservegrid.gateway.mode.Templates.accepted;
import static org.reservegrid.gateway.mode.Templates.distribute;
import static org.reservegrid.gateway.mode.Templates.rejected;
import static org.reservegrid.gateway.mode.Templates.unverified;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Observe (and shadow, which passes work through the same way): everything goes out, rejections are counted. */
class ObserveModeTests {

    private static ModeController controller(GatewayMode mode) {
        return new ModeController(ModeSettings.defaults(mode));
    }

    @ParameterizedTest
    @EnumSource(names = {"OBSERVE", "SHADOW"})
    void everyTemplateIsDistributedAtOnceWhateverItsVerdict(GatewayMode mode) {
        ModeController controller = controller(mode);

        assertThat(controller.onTemplate(accepted(1, TIP_A), 0))
                .containsExactly(distribute(accepted(1, TIP_A), OBSERVE_UNCHECKED));
        assertThat(controller.onTemplate(unverified(2, TIP_A), 10))
                .containsExactly(distribute(unverified(2, TIP_A), OBSERVE_UNCHECKED));
        assertThat(controller.onTemplate(unverified(3, TIP_B), 20))
                .containsExactly(distribute(unverified(3, TIP_B), OBSERVE_UNCHECKED));
        assertThat(controller.counters().distributedUnchecked()).isEqualTo(3);
        assertThat(controller.nextDeadlineMillis()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"OBSERVE", "SHADOW"})
    void aTemplateArrivingRejectedIsDistributedAndCountedAsWouldHaveHeld(GatewayMode mode) {
        ModeController controller = controller(mode);

        assertThat(controller.onTemplate(rejected(1, TIP_A), 0))
                .containsExactly(
                        distribute(rejected(1, TIP_A), OBSERVE_UNCHECKED),
                        new ModeDecision.WouldHold(rejected(1, TIP_A), LOW_FEES));
        assertThat(controller.counters().wouldHaveHeld()).isEqualTo(1);
        assertThat(controller.counters().holds()).isZero();
    }

    @ParameterizedTest
    @EnumSource(names = {"OBSERVE", "SHADOW"})
    void aLaterRejectedVerdictIsCountedOnceAsWouldHaveHeld(GatewayMode mode) {
        ModeController controller = controller(mode);
        controller.onTemplate(unverified(1, TIP_A), 0);

        assertThat(controller.onVerdict(1, false, LOW_FEES, 5))
                .containsExactly(new ModeDecision.WouldHold(unverified(1, TIP_A), LOW_FEES));
        assertThat(controller.onVerdict(1, false, LOW_FEES, 6)).isEmpty();
        assertThat(controller.onVerdict(7, false, LOW_FEES, 6)).isEmpty();

        ModeCounters counters = controller.counters();
        assertThat(counters.wouldHaveHeld()).isEqualTo(1);
        assertThat(counters.verdictsIgnored()).isEqualTo(2);
        assertThat(counters.rejectedAfterDistribution()).isZero();
    }

    @ParameterizedTest
    @EnumSource(names = {"OBSERVE", "SHADOW"})
    void anAcceptedVerdictChangesNothing(GatewayMode mode) {
        ModeController controller = controller(mode);
        controller.onTemplate(unverified(1, TIP_A), 0);

        assertThat(controller.onVerdict(1, true, "accepted", 5)).isEmpty();
        assertThat(controller.counters().wouldHaveHeld()).isZero();
    }

    @ParameterizedTest
    @EnumSource(names = {"OBSERVE", "SHADOW"})
    void templatesOfAnOlderTipAndRepeatsAreIgnoredHereToo(GatewayMode mode) {
        ModeController controller = controller(mode);
        controller.onTemplate(unverified(5, TIP_A), 0);
        controller.onTemplate(unverified(6, TIP_B), 10);

        assertThat(controller.onTemplate(unverified(4, TIP_A), 20)).isEmpty();
        assertThat(controller.onTemplate(unverified(6, TIP_B), 20)).isEmpty();
        assertThat(controller.counters().ignoredOlderTip()).isEqualTo(1);
        assertThat(controller.counters().ignoredOutOfOrder()).isEqualTo(1);
        assertThat(controller.workingTip()).hasValue(TIP_B);
    }
}
