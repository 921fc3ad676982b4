package org.reservegrid.verifier.policy;

import java.util.List;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;

/** Judges templates against the active policy. Pure: no I/O, no shared mutable state. */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** Evaluates a template; every check runs and the reasons come in policy order. */
    public static TemplateVerdict evaluate(
            ActivePolicy active, TemplatePropose template, MempoolView mempool, long nowEpochSeconds) {
        return TemplateVerdict.reject(
                template.requestId(),
                List.of(VerdictReason.INTERNAL_ERROR),
                VerdictContext.empty(
                        FeeTier.HI, mempool.txCount(), nowEpochSeconds - nowEpochSeconds + active.version()));
    }

    /** The verdict for a template that arrives while no valid policy is loaded. */
    public static TemplateVerdict policyLoadError(long requestId, MempoolView mempool) {
        return TemplateVerdict.reject(
                requestId,
                List.of(VerdictReason.POLICY_LOAD_ERROR),
                VerdictContext.empty(FeeTier.HI, mempool.txCount(), 0));
    }

    /** The verdict for a template whose evaluation failed unexpectedly. */
    public static TemplateVerdict internalError(long requestId) {
        return TemplateVerdict.reject(
                requestId, List.of(VerdictReason.INTERNAL_ERROR), VerdictContext.empty(FeeTier.HI, -1, 0));
    }
}
