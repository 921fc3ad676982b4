package org.reservegrid.verifier.evaluation;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.TemplateSummary;

/**
 * A template judged over TCP: the verdict, the summary of what was judged, and the mempool view and clock it was
 * judged with. Judging the summary again with the same view at {@link #nowEpochSeconds()} and the same policy
 * gives the same verdict.
 *
 * @param template null only when the evaluation failed before the template was summarised ({@code internal_error})
 * @param judgedAt the clock reading; the evaluation time is its second
 */
public record Judgment(
        @Nullable TemplateSummary template, TemplateVerdict verdict, MempoolView mempool, Instant judgedAt) {
    public Judgment {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(mempool, "mempool");
        Objects.requireNonNull(judgedAt, "judgedAt");
    }

    /** The evaluation time the policy compared with the template's curtime. */
    public long nowEpochSeconds() {
        return judgedAt.getEpochSecond();
    }
}
