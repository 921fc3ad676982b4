package org.reservegrid.gateway.mode;

import java.time.Duration;

/** Short names for the templates and decisions the mode tests talk about. */
final class Templates {
    static final String TIP_A = "00000000000000000001a";
    static final String TIP_B = "00000000000000000002b";
    static final String TIP_C = "00000000000000000003c";
    static final String LOW_FEES = "avg_fee_below_minimum";
    static final String EMPTY = "empty_template_rejected";

    private Templates() {}

    static TemplateRef unverified(long sequence, String tip) {
        return TemplateRef.unverified(sequence, tip);
    }

    static TemplateRef accepted(long sequence, String tip) {
        return new TemplateRef(sequence, tip, Verdict.accept());
    }

    static TemplateRef rejected(long sequence, String tip) {
        return new TemplateRef(sequence, tip, Verdict.reject(LOW_FEES));
    }

    static ModeDecision distribute(TemplateRef template, DistributionCause cause) {
        return new ModeDecision.Distribute(template, cause);
    }

    static ModeDecision hold(TemplateRef template) {
        return new ModeDecision.Hold(template, LOW_FEES);
    }

    static ModeController inline() {
        return new ModeController(ModeSettings.defaults(GatewayMode.INLINE));
    }

    static ModeController inline(Duration staleHold, Duration window, int slots) {
        return new ModeController(new ModeSettings(GatewayMode.INLINE, staleHold, window, slots));
    }

    /** An inline controller whose miners already work on template 1 of tip A, distributed at time 0. */
    static ModeController inlineWorkingOnTipA() {
        ModeController controller = inline();
        controller.onTemplate(accepted(1, TIP_A), 0);
        return controller;
    }
}
