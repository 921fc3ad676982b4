package org.reservegrid.templates.template;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.templates.verifier.VerdictOutcome;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON shapes of the template stream and the templates API (see docs/template-stream.md). The mapper must use
 * snake_case property names; every {@code *_at} field is unix milliseconds.
 */
public final class TemplateJson {
    private final ObjectMapper mapper;

    public TemplateJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String template(TemplateRecord record) {
        BlockTemplate t = record.template();
        WitnessCommitment commitment = t.witnessCommitment();
        return mapper.writeValueAsString(new TemplateBody(
                record.sequence(),
                record.source(),
                record.receivedAtMillis(),
                millis(record.fetchNanos()),
                record.proposedAtMillis(),
                t.height(),
                t.previousBlockHash(),
                t.version(),
                t.bits(),
                t.target(),
                t.curtime(),
                t.mintime(),
                t.coinbaseValue(),
                new CommitmentBody(commitment.form().label(), commitment.given(), commitment.script()),
                t.rules(),
                t.rulesReported(),
                t.coinbaseAux(),
                t.sigopLimit(),
                t.weightLimit(),
                t.sizeLimit(),
                t.longPollId(),
                t.transactions().size(),
                t.totalFees(),
                t.totalWeight(),
                t.totalSigops(),
                record.fingerprint(),
                new ProposalBody(
                        record.propose().protocolVersion(), record.propose().coinbaseSigops()),
                t.transactions()));
    }

    String verdict(TemplateRecord record, VerdictOutcome outcome) {
        return mapper.writeValueAsString(verdictBody(record, outcome));
    }

    /** {@link #compact} as one line of JSON. */
    public String compactJson(TemplateRecord record) {
        return mapper.writeValueAsString(compact(record));
    }

    /** The compact summary of {@code GET /api/templates}. */
    public CompactBody compact(TemplateRecord record) {
        BlockTemplate t = record.template();
        VerdictOutcome outcome = record.outcome();
        CompactVerdict verdict = outcome == null
                ? null
                : new CompactVerdict(
                        outcome.label(), reasonCode(outcome), millis(outcome.latencyNanos()), outcome.atMillis());
        return new CompactBody(
                record.sequence(),
                t.height(),
                t.previousBlockHash(),
                t.transactions().size(),
                t.totalFees(),
                t.totalWeight(),
                t.weightLimit(),
                t.coinbaseValue(),
                t.curtime(),
                record.receivedAtMillis(),
                record.source(),
                verdict);
    }

    private static VerdictBody verdictBody(TemplateRecord record, VerdictOutcome outcome) {
        double latency = millis(outcome.latencyNanos());
        return switch (outcome) {
            case VerdictOutcome.Judged judged -> {
                TemplateVerdict verdict = judged.verdict();
                yield new VerdictBody(
                        record.sequence(),
                        outcome.label(),
                        verdict.accepted(),
                        judged.requestId(),
                        verdict.reasonCode() == null
                                ? null
                                : verdict.reasonCode().text(),
                        verdict.reasons().stream().map(VerdictReason::text).toList(),
                        null,
                        latency,
                        outcome.atMillis(),
                        record.receivedAtMillis(),
                        context(verdict.context()));
            }
            case VerdictOutcome.TimedOut timedOut ->
                new VerdictBody(
                        record.sequence(),
                        outcome.label(),
                        null,
                        timedOut.requestId() == 0 ? null : timedOut.requestId(),
                        null,
                        List.of(),
                        "no verdict within the verdict timeout",
                        latency,
                        outcome.atMillis(),
                        record.receivedAtMillis(),
                        null);
            case VerdictOutcome.Unavailable unavailable ->
                new VerdictBody(
                        record.sequence(),
                        outcome.label(),
                        null,
                        null,
                        null,
                        List.of(),
                        unavailable.reason(),
                        latency,
                        outcome.atMillis(),
                        record.receivedAtMillis(),
                        null);
            case VerdictOutcome.Refused refused ->
                new VerdictBody(
                        record.sequence(),
                        outcome.label(),
                        null,
                        refused.requestId(),
                        refused.reason().code(),
                        List.of(),
                        refused.detail(),
                        latency,
                        outcome.atMillis(),
                        record.receivedAtMillis(),
                        null);
        };
    }

    private static @Nullable String reasonCode(VerdictOutcome outcome) {
        return switch (outcome) {
            case VerdictOutcome.Judged judged ->
                judged.verdict().reasonCode() == null
                        ? null
                        : judged.verdict().reasonCode().text();
            case VerdictOutcome.Refused refused -> refused.reason().code();
            case VerdictOutcome.TimedOut timedOut -> null;
            case VerdictOutcome.Unavailable unavailable -> unavailable.reason();
        };
    }

    private static ContextBody context(VerdictContext context) {
        return new ContextBody(
                context.tier().text(),
                context.mempoolTxCount(),
                context.thresholds(),
                context.measured(),
                context.policyVersion(),
                context.policyHash(),
                context.evaluationMicros());
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    record TemplateBody(
            long sequence,
            String source,
            long receivedAt,
            double fetchMs,
            long proposedAt,
            long height,
            String prevHash,
            long version,
            String bits,
            String target,
            long curtime,
            @Nullable Long mintime,
            long coinbaseValue,
            CommitmentBody defaultWitnessCommitment,
            List<String> rules,
            boolean rulesReported,
            Map<String, String> coinbaseAux,
            @Nullable Long sigopLimit,
            @Nullable Long weightLimit,
            @Nullable Long sizeLimit,
            @Nullable String longpollid,
            int txCount,
            long totalFees,
            long totalWeight,
            long totalSigops,
            String fingerprint,
            ProposalBody proposal,
            List<TemplateTransaction> transactions) {}

    record CommitmentBody(
            String form, @Nullable String given, @Nullable String script) {}

    record ProposalBody(int protocolVersion, long coinbaseSigops) {}

    record VerdictBody(
            long sequence,
            String outcome,
            @Nullable Boolean accepted,
            @Nullable Long requestId,
            @Nullable String reasonCode,
            List<String> reasons,
            @Nullable String detail,
            double verdictLatencyMs,
            long verdictAt,
            long receivedAt,
            @Nullable ContextBody context) {}

    record ContextBody(
            String tier,
            long mempoolTxCount,
            VerdictContext.Thresholds thresholds,
            VerdictContext.Measured measured,
            long policyVersion,
            String policyHash,
            long evaluationMicros) {}

    /** One row of {@code GET /api/templates}. */
    public record CompactBody(
            long sequence,
            long height,
            String prevHash,
            int txCount,
            long totalFees,
            long totalWeight,
            @Nullable Long weightLimit,
            long coinbaseValue,
            long curtime,
            long receivedAt,
            String source,
            @Nullable CompactVerdict verdict) {}

    /** @param reasonCode the verdict's reason code, the protocol error's reason, or why the verifier was unavailable */
    public record CompactVerdict(String outcome, @Nullable String reasonCode, double latencyMs, long verdictAt) {}
}
