package org.reservegrid.verifier.api;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.verifier.history.VerdictRecord;
import org.reservegrid.verifier.policy.CheckResult;
import org.reservegrid.verifier.policy.CheckSubject;
import org.reservegrid.verifier.policy.MempoolView;
import org.reservegrid.verifier.policy.Policy;
import org.reservegrid.verifier.policy.PolicyCheck;

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

    /**
     * What was judged.
     *
     * @param protocolVersion the template's protocol version, null for verdicts stored before the history kept it
     */
    record Template(
            long height,
            String prevHash,
            long curtime,
            long coinbaseValue,
            @Nullable Integer protocolVersion) {}

    /**
     * One policy check of a verdict ({@link PolicyCheck}).
     *
     * @param check the policy.toml key the check applies
     * @param measured a number or boolean; null only when the verdict did not record it
     * @param threshold a number or boolean; null only when it came from a policy the verifier no longer knows
     * @param comparison {@code <=}, {@code >=}, {@code ==} or {@code !=}: the check passes when
     *     {@code measured comparison threshold} holds
     */
    record Check(
            String check,
            String label,
            @Nullable Object measured,
            @Nullable Object threshold,
            String comparison,
            boolean passed,
            String reasonCode) {
        static List<Check> of(List<CheckResult> results) {
            return results.stream()
                    .map(result -> new Check(
                            result.key(),
                            result.label(),
                            result.measured(),
                            result.threshold(),
                            result.comparison().symbol(),
                            result.passed(),
                            result.reasonCode()))
                    .toList();
        }
    }

    /** Why the verdict's fee tier applied, from the policy that judged it. */
    record TierBasis(
            long mempoolTxCount,
            boolean mempoolKnown,
            long lowMempoolTx,
            long highMempoolTx,
            boolean unknownMempoolAsHigh,
            String explanation) {
        static TierBasis of(org.reservegrid.verifier.policy.TierBasis basis) {
            return new TierBasis(
                    basis.mempoolTxCount(),
                    basis.mempoolKnown(),
                    basis.lowMempoolTx(),
                    basis.highMempoolTx(),
                    basis.unknownMempoolAsHigh(),
                    basis.explanation());
        }
    }

    /**
     * A recorded verdict as the history endpoints return it.
     *
     * @param checks every check the judging policy made, in evaluation order; empty for a verdict reached before
     *     any check ran ({@code policy_load_error}, {@code internal_error})
     * @param tierBasis null when the verifier no longer knows the policy that judged (or none did)
     */
    record Recorded(
            long id,
            Instant recordedAt,
            String peer,
            long requestId,
            Template template,
            boolean accepted,
            @Nullable String reasonCode,
            List<String> reasons,
            Context context,
            List<Check> checks,
            @Nullable TierBasis tierBasis) {

        /** @param policies the policy of a hash, if this verifier still knows it ({@code PolicyStore#judgedBy}) */
        static Recorded of(VerdictRecord record, Function<String, @Nullable Policy> policies) {
            TemplateVerdict judged = record.verdict();
            Verdict verdict = Verdict.of(judged);
            VerdictContext context = judged.context();
            List<Check> checks = List.of();
            TierBasis tierBasis = null;
            // An empty hash: no policy judged (no policy loaded, or the engine failed), so no check ran.
            if (!context.policyHash().isEmpty()) {
                Policy policy = policies.apply(context.policyHash());
                CheckSubject subject = CheckSubject.recorded(
                        record.protocolVersion(),
                        record.prevHash(),
                        record.coinbaseValue(),
                        record.curtime(),
                        record.recordedAt().getEpochSecond(),
                        context);
                checks = Check.of(PolicyCheck.results(policy, subject, judged.reasons()));
                if (policy != null) {
                    MempoolView mempool = new MempoolView(Math.max(-1, context.mempoolTxCount()));
                    tierBasis = TierBasis.of(org.reservegrid.verifier.policy.TierBasis.of(policy, mempool));
                }
            }
            return new Recorded(
                    record.id(),
                    record.recordedAt(),
                    record.peer(),
                    judged.requestId(),
                    new Template(
                            record.height(),
                            record.prevHash(),
                            record.curtime(),
                            record.coinbaseValue(),
                            record.protocolVersion() < 0 ? null : record.protocolVersion()),
                    verdict.accepted(),
                    verdict.reasonCode(),
                    verdict.reasons(),
                    verdict.context(),
                    checks,
                    tierBasis);
        }
    }
}
