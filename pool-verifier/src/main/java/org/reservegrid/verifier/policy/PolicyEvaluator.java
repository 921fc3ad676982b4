package org.reservegrid.verifier.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.protocol.message.VerdictContext.Measured;
import org.reservegrid.protocol.message.VerdictContext.Thresholds;

/**
 * Judges templates against the active policy. Pure: the verdict depends only on the arguments (the clock is the
 * {@code nowEpochSeconds} argument; only {@code evaluationMicros} is measured). Every check runs, so a rejection
 * lists all its failures in {@link VerdictReason} declaration order, and its reason code is the first.
 *
 * <p>The checks themselves are the {@link PolicyCheck} constants; this class measures the template, builds the
 * {@link CheckSubject} they compare and turns their failures into the verdict. A template is judged through its
 * {@link TemplateSummary} (its transaction columns summed in one pass each), which is what lets a kept summary be
 * judged again later exactly as the template was.
 *
 * <p>Weight estimate: the template transactions' weights {@code +} {@code coinbase_reserved_weight}, which stands
 * for everything in the block that is not a template transaction (the 80-byte header, the transaction count and
 * the pool's coinbase), as Bitcoin Core's block assembler counts it: Core fills a block with transactions up to
 * its maximum weight less that reserve, so a full Core template is estimated at exactly the maximum. The ratio
 * reported is the estimate / 4,000,000; the check compares the estimate with
 * {@link Policy#maxEstimatedWeight(double)} in integers.
 */
public final class PolicyEvaluator {

    /**
     * The checks whose failures a verdict lists, in reporting order ({@link VerdictReason} order); a failure set
     * is a bit mask over this array. {@link PolicyCheck#MEMPOOL_KNOWN} is not among them: when it fails it is the
     * verdict's only reason.
     */
    private static final PolicyCheck[] TEMPLATE_CHECKS = Arrays.stream(PolicyCheck.values())
            .filter(check -> check != PolicyCheck.MEMPOOL_KNOWN)
            .toArray(PolicyCheck[]::new);

    /** Immutable reason lists by failure mask, filled on first use (a racing duplicate is harmless). */
    private static final AtomicReferenceArray<List<VerdictReason>> REASONS_BY_MASK =
            new AtomicReferenceArray<>(1 << TEMPLATE_CHECKS.length);

    private static final List<VerdictReason> MEMPOOL_UNAVAILABLE = List.of(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
    private static final List<VerdictReason> POLICY_LOAD_ERROR = List.of(VerdictReason.POLICY_LOAD_ERROR);
    private static final List<VerdictReason> INTERNAL_ERROR = List.of(VerdictReason.INTERNAL_ERROR);

    private PolicyEvaluator() {}

    /** A verdict with the summary of the template it judged (what the what-if ring keeps). */
    public record Evaluation(TemplateSummary template, TemplateVerdict verdict) {}

    /**
     * Evaluates a template.
     *
     * <p>When the mempool is unknown and {@code unknown_mempool_as_high} is false the verdict is a rejection whose
     * only reason is {@code mempool_backend_unavailable}; its context still carries every threshold and measured
     * value (with the high tier, the conservative one, as the reported tier).
     *
     * @param nowEpochSeconds the evaluation time, compared with the template's curtime
     * @throws NullPointerException if an argument is null (the only exception this method throws)
     */
    public static TemplateVerdict evaluate(
            ActivePolicy active, TemplatePropose template, MempoolView mempool, long nowEpochSeconds) {
        return evaluateAndSummarize(active, template, mempool, nowEpochSeconds).verdict();
    }

    /** {@link #evaluate(ActivePolicy, TemplatePropose, MempoolView, long)}, returning the summary it judged too. */
    public static Evaluation evaluateAndSummarize(
            ActivePolicy active, TemplatePropose template, MempoolView mempool, long nowEpochSeconds) {
        long started = System.nanoTime();
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(mempool, "mempool");
        TemplateSummary summary = TemplateSummary.of(template);
        return new Evaluation(summary, judge(active, summary, mempool, nowEpochSeconds, started));
    }

    /**
     * Evaluates a template from its summary: the same verdict {@link #evaluate(ActivePolicy, TemplatePropose,
     * MempoolView, long)} gives the template (its {@code evaluationMicros} aside).
     */
    public static TemplateVerdict evaluateSummary(
            ActivePolicy active, TemplateSummary template, MempoolView mempool, long nowEpochSeconds) {
        long started = System.nanoTime();
        Objects.requireNonNull(active, "active");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(mempool, "mempool");
        return judge(active, template, mempool, nowEpochSeconds, started);
    }

    private static TemplateVerdict judge(
            ActivePolicy active, TemplateSummary template, MempoolView mempool, long nowEpochSeconds, long started) {
        Policy policy = active.policy();
        FeeTier tier = tier(policy, mempool);
        int txCount = template.txCount();
        long totalFees = template.totalFees();
        // Cannot overflow: the transaction sum is below 2^62 and the reserve at most 4,000,000.
        long weight = template.txWeight() + policy.coinbaseReservedWeight();
        double weightRatio = weight / (double) Policy.MAX_BLOCK_WEIGHT;
        long templateAgeSecs = saturatingSubtract(nowEpochSeconds, template.curtime());
        long coinbaseSigops = template.coinbaseSigops();
        // Below 2^62 + 2^32: the transaction sum has fewer than 2^31 terms below 2^31 each.
        long sigops = template.txSigops() + coinbaseSigops;

        Thresholds thresholds = new Thresholds(
                policy.minAvgFee(tier),
                policy.minTotalFees(),
                policy.maxTxCount(),
                policy.maxWeightRatio(),
                policy.maxTemplateAgeSecs(),
                policy.maxSigopsCost(),
                policy.maxCoinbaseSigops());
        double avgFee = txCount == 0 ? 0 : (double) totalFees / txCount;
        Measured measured =
                new Measured(txCount, totalFees, avgFee, weight, weightRatio, sigops, coinbaseSigops, templateAgeSecs);
        CheckSubject subject = new CheckSubject(
                mempool.known(),
                template.protocolVersion(),
                template.prevHash(),
                template.coinbaseValue(),
                ageBeyondAnyLimit(templateAgeSecs, nowEpochSeconds, template.curtime()),
                tier,
                thresholds,
                measured);
        List<VerdictReason> reasons = PolicyCheck.MEMPOOL_KNOWN.fails(policy, subject)
                ? MEMPOOL_UNAVAILABLE
                : reasons(failures(policy, subject));

        VerdictContext context = new VerdictContext(
                tier,
                mempool.txCount(),
                thresholds,
                measured,
                active.version(),
                active.sha256Hex(),
                elapsedMicros(started));
        long requestId = template.requestId();
        return reasons.isEmpty()
                ? TemplateVerdict.accept(requestId, context)
                : TemplateVerdict.reject(requestId, reasons, context);
    }

    private static int failures(Policy policy, CheckSubject subject) {
        int failures = 0;
        for (int check = 0; check < TEMPLATE_CHECKS.length; check++) {
            if (TEMPLATE_CHECKS[check].fails(policy, subject)) {
                failures |= 1 << check;
            }
        }
        return failures;
    }

    /**
     * The verdict for a template that arrives while no valid policy is loaded: reason {@code policy_load_error},
     * an empty context (tier reported as high, no thresholds, policy version 0 and an empty hash).
     */
    public static TemplateVerdict policyLoadError(long requestId, MempoolView mempool) {
        return TemplateVerdict.reject(
                requestId, POLICY_LOAD_ERROR, VerdictContext.empty(FeeTier.HI, mempool.txCount(), 0));
    }

    /** The verdict for a template whose evaluation failed unexpectedly: reason {@code internal_error}. */
    public static TemplateVerdict internalError(long requestId) {
        return TemplateVerdict.reject(requestId, INTERNAL_ERROR, VerdictContext.empty(FeeTier.HI, -1, 0));
    }

    /**
     * The fee tier for a known mempool size: low at or below {@code low_mempool_tx}, high at or above
     * {@code high_mempool_tx}, middle in between (low wins when the two thresholds are equal).
     */
    public static FeeTier tier(Policy policy, long mempoolTxCount) {
        if (mempoolTxCount <= policy.lowMempoolTx()) {
            return FeeTier.LO;
        }
        if (mempoolTxCount >= policy.highMempoolTx()) {
            return FeeTier.HI;
        }
        return FeeTier.MID;
    }

    /** The fee tier of a judgment: by the count when the mempool is known, else the high (conservative) tier. */
    public static FeeTier tier(Policy policy, MempoolView mempool) {
        return mempool.known() ? tier(policy, mempool.txCount()) : FeeTier.HI;
    }

    /**
     * Whether {@code now - curtime} overflowed, the saturated age standing for "older than any representable
     * threshold", even {@link Long#MAX_VALUE} itself.
     */
    static boolean ageBeyondAnyLimit(long templateAgeSecs, long nowEpochSeconds, long curtime) {
        // now - MAX cannot overflow here: an age of MAX needs now >= curtime + MAX >= -1.
        return templateAgeSecs == Long.MAX_VALUE && nowEpochSeconds - Long.MAX_VALUE > curtime;
    }

    private static List<VerdictReason> reasons(int failures) {
        List<VerdictReason> cached = REASONS_BY_MASK.get(failures);
        if (cached != null) {
            return cached;
        }
        List<VerdictReason> reasons = new ArrayList<>(Integer.bitCount(failures));
        for (int check = 0; check < TEMPLATE_CHECKS.length; check++) {
            if ((failures & (1 << check)) != 0) {
                reasons.add(TEMPLATE_CHECKS[check].reason());
            }
        }
        List<VerdictReason> shared = List.copyOf(reasons);
        REASONS_BY_MASK.set(failures, shared);
        return shared;
    }

    private static long saturatingSubtract(long a, long b) {
        long result = a - b;
        // Overflow happened when the operands have different signs and the result's sign differs from a's.
        if (((a ^ b) & (a ^ result)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return result;
    }

    private static long elapsedMicros(long startedNanos) {
        return Math.max(0, (System.nanoTime() - startedNanos) / 1000);
    }
}
