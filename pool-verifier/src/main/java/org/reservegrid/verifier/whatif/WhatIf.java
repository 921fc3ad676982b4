package org.reservegrid.verifier.whatif;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.reservegrid.verifier.policy.CheckResult;
import org.reservegrid.verifier.policy.CheckSubject;
import org.reservegrid.verifier.policy.PolicyCheck;
import org.reservegrid.verifier.policy.PolicyEvaluator;
import org.reservegrid.verifier.policy.TemplateSummary;

/**
 * Replays kept judgments against a draft policy with {@link PolicyEvaluator}, each with the mempool view and
 * evaluation time it was judged with, so a replayed verdict differs from the kept one only by the policy. A
 * verdict flips when it goes from accepted to rejected or back; a changed list of reasons alone is no flip.
 */
public final class WhatIf {
    /** Flips listed in full (with their checks); {@code flipsCount} counts them all. */
    public static final int MAX_LISTED_FLIPS = 1000;

    private WhatIf() {}

    /**
     * @param flips the first {@link #MAX_LISTED_FLIPS} flips, newest first
     */
    public record Outcome(
            int kept, int evaluated, int acceptedBefore, int acceptedAfter, int flipsCount, List<Flip> flips) {
        public Outcome {
            flips = List.copyOf(flips);
        }
    }

    /** A verdict the draft would change, with the draft's checks of it. */
    public record Flip(KeptJudgment before, TemplateVerdict after, List<CheckResult> afterChecks) {
        public Flip {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
            afterChecks = List.copyOf(afterChecks);
        }
    }

    /** Judges every judgment of the snapshot again with {@code draft}. */
    public static Outcome replay(ActivePolicy draft, RecentJudgments.Snapshot snapshot) {
        int acceptedBefore = 0;
        int acceptedAfter = 0;
        int flipsCount = 0;
        List<Flip> flips = new ArrayList<>();
        for (KeptJudgment kept : snapshot.newestFirst()) {
            TemplateSummary template = kept.template();
            TemplateVerdict after =
                    PolicyEvaluator.evaluateSummary(draft, template, kept.mempool(), kept.nowEpochSeconds());
            boolean before = kept.verdict().accepted();
            acceptedBefore += before ? 1 : 0;
            acceptedAfter += after.accepted() ? 1 : 0;
            if (before == after.accepted()) {
                continue;
            }
            flipsCount++;
            if (flips.size() < MAX_LISTED_FLIPS) {
                CheckSubject subject = CheckSubject.recorded(
                        template.protocolVersion(),
                        template.prevHash(),
                        template.coinbaseValue(),
                        template.curtime(),
                        kept.nowEpochSeconds(),
                        after.context());
                flips.add(new Flip(kept, after, PolicyCheck.results(draft.policy(), subject, after.reasons())));
            }
        }
        return new Outcome(
                snapshot.kept(), snapshot.newestFirst().size(), acceptedBefore, acceptedAfter, flipsCount, flips);
    }
}
