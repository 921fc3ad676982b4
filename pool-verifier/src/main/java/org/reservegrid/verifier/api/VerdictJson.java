package org.reservegrid.verifier.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.verifier.history.VerdictRecord;

/** JSON shapes of verdicts (property names are snake_case on the wire). */
final class VerdictJson {
    private VerdictJson() {}

    /** A verdict as {@code POST /api/evaluate} returns it. */
    record Verdict(boolean accepted, @Nullable String reasonCode, List<String> reasons, Context context) {
        static Verdict of(TemplateVerdict verdict) {
            VerdictReason reason = verdict.reasonCode();
            return new Verdict(
                    verdict.accepted(),
                    reason == null ? null : reason.text(),
                    verdict.reasons().stream().map(VerdictReason::text).toList(),
                    Context.of(verdict.context()));
        }
    }

    /** The policy context of a verdict. */
    record Context(
            String tier,
            long mempoolTxCount,
            Thresholds thresholds,
            Measured measured,
            long policyVersion,
            String policyHash,
            long evaluationMicros) {
        static Context of(VerdictContext context) {
            return new Context(
                    context.tier().text(),
                    context.mempoolTxCount(),
                    Thresholds.of(context.thresholds()),
                    Measured.of(context.measured()),
                    context.policyVersion(),
                    context.policyHash(),
                    context.evaluationMicros());
        }
    }

    /** Thresholds the policy applied. */
    record Thresholds(
            long minAvgFee,
            long minTotalFees,
            long maxTxCount,
            double maxWeightRatio,
            long maxTemplateAgeSecs,
            long maxSigopsCost,
            long maxCoinbaseSigops) {
        static Thresholds of(VerdictContext.Thresholds t) {
            return new Thresholds(
                    t.minAvgFee(),
                    t.minTotalFees(),
                    t.maxTxCount(),
                    t.maxWeightRatio(),
                    t.maxTemplateAgeSecs(),
                    t.maxSigopsCost(),
                    t.maxCoinbaseSigops());
        }
    }

    /** Values measured on the template. */
    record Measured(
            long txCount,
            long totalFees,
            double avgFee,
            long weight,
            double weightRatio,
            long sigops,
            long coinbaseSigops,
            long templateAgeSecs) {
        static Measured of(VerdictContext.Measured m) {
            return new Measured(
                    m.txCount(),
                    m.totalFees(),
                    m.avgFee(),
                    m.weight(),
                    m.weightRatio(),
                    m.sigops(),
                    m.coinbaseSigops(),
                    m.templateAgeSecs());
        }
    }

    /** What was judged. */
    record Template(long height, String prevHash, long curtime, long coinbaseValue) {}

    /** A recorded verdict as the history endpoints return it. */
    record Recorded(
            long id,
            Instant recordedAt,
            String peer,
            long requestId,
            Template template,
            boolean accepted,
            @Nullable String reasonCode,
            List<String> reasons,
            Context context) {
        static Recorded of(VerdictRecord record) {
            Verdict verdict = Verdict.of(record.verdict());
            return new Recorded(
                    record.id(),
                    record.recordedAt(),
                    record.peer(),
                    record.verdict().requestId(),
                    new Template(record.height(), record.prevHash(), record.curtime(), record.coinbaseValue()),
                    verdict.accepted(),
                    verdict.reasonCode(),
                    verdict.reasons(),
                    verdict.context());
        }
    }
}
