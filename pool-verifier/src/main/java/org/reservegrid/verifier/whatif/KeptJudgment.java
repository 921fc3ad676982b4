package org.reservegrid.verifier.whatif;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.TemplateSummary;

/**
 * A judgment the what-if ring keeps: what was judged, the verdict it got, and the mempool view and clock it was
 * judged with.
 *
 * @param verdictId the id the verdict history gave it, null when it has none
 */
public record KeptJudgment(
        TemplateSummary template,
        TemplateVerdict verdict,
        MempoolView mempool,
        Instant judgedAt,
        @Nullable Long verdictId) {

    public KeptJudgment {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(mempool, "mempool");
        Objects.requireNonNull(judgedAt, "judgedAt");
    }

    /** The evaluation time of the judgment, compared with the template's curtime. */
    public long nowEpochSeconds() {
        return judgedAt.getEpochSecond();
    }
}
