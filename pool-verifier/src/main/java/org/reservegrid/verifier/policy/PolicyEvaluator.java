package org.reservegrid.verifier.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.reservegrid.bitcoin.CompactSize;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.TransactionTable;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.protocol.message.VerdictContext.Measured;
import org.reservegrid.protocol.message.VerdictContext.Thresholds;

/**
 * Judges templates against the active policy. Pure: the verdict depends only on the arguments (the clock is the
 * {@code nowEpochSeconds} argument; only {@code evaluationMicros} is measured). Every check runs, so a rejection
 * lists all its failures in {@link VerdictReason} declaration order, and its reason code is the first.
 *
 * <p>The transactions are summed in one pass over the primitive columns of the {@link TransactionTable}; apart
 * from the verdict itself and its context records nothing is allocated (reason lists are shared per failure set).
 *
 * <p>Weight estimate: {@code 320} (the 80-byte header at 4 weight units per byte) {@code + 4 x} the compact-size
 * length of the template's transaction count {@code +} the transactions' weights {@code +}
 * {@code coinbase_reserved_weight}; the ratio divides it by 4,000,000.
 */
public final class PolicyEvaluator {
    static final long HEADER_WEIGHT = 320;

    /** The checks {@link #evaluate} runs, in reporting order; a failure set is a bit mask over this array. */
    private static final VerdictReason[] CHECKS = {
        VerdictReason.PROTOCOL_VERSION_MISMATCH,
        VerdictReason.INVALID_PREV_HASH,
        VerdictReason.PREV_HASH_LEN_MISMATCH,
        VerdictReason.COINBASE_VALUE_ZERO_REJECTED,
        VerdictReason.EMPTY_TEMPLATE_REJECTED,
        VerdictReason.TX_COUNT_EXCEEDED,
        VerdictReason.TOTAL_FEES_BELOW_MINIMUM,
        VerdictReason.AVG_FEE_BELOW_MINIMUM,
        VerdictReason.WEIGHT_RATIO_EXCEEDED,
        VerdictReason.TEMPLATE_TOO_OLD,
        VerdictReason.SIGOPS_BUDGET_EXCEEDED,
        VerdictReason.COINBASE_SIGOPS_EXCEEDED
    };

    private static final int PROTOCOL_VERSION_MISMATCH = 1;
    private static final int INVALID_PREV_HASH = 1 << 1;
    private static final int PREV_HASH_LEN_MISMATCH = 1 << 2;
    private static final int COINBASE_VALUE_ZERO_REJECTED = 1 << 3;
    private static final int EMPTY_TEMPLATE_REJECTED = 1 << 4;
    private static final int TX_COUNT_EXCEEDED = 1 << 5;
    private static final int TOTAL_FEES_BELOW_MINIMUM = 1 << 6;
    private static final int AVG_FEE_BELOW_MINIMUM = 1 << 7;
    private static final int WEIGHT_RATIO_EXCEEDED = 1 << 8;
    private static final int TEMPLATE_TOO_OLD = 1 << 9;
    private static final int SIGOPS_BUDGET_EXCEEDED = 1 << 10;
    private static final int COINBASE_SIGOPS_EXCEEDED = 1 << 11;

    /** Immutable reason lists by failure mask, filled on first use (a racing duplicate is harmless). */
    private static final AtomicReferenceArray<List<VerdictReason>> REASONS_BY_MASK =
            new AtomicReferenceArray<>(1 << CHECKS.length);

    private static final List<VerdictReason> MEMPOOL_UNAVAILABLE = List.of(VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE);
    private static final List<VerdictReason> POLICY_LOAD_ERROR = List.of(VerdictReason.POLICY_LOAD_ERROR);
    private static final List<VerdictReason> INTERNAL_ERROR = List.of(VerdictReason.INTERNAL_ERROR);

    private PolicyEvaluator() {}

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
        long started = System.nanoTime();
        Objects.requireNonNull(mempool, "mempool");
        Policy policy = active.policy();
        TransactionTable transactions = template.transactions();

        FeeTier tier = mempool.known() ? tier(policy, mempool.txCount()) : FeeTier.HI;
        boolean mempoolUnavailable = !mempool.known() && !policy.unknownMempoolAsHigh();

        int txCount = transactions.size();
        long totalFees = totalFees(transactions);
        // At most 2^31 entries of at most 2^31 - 1 each: these sums cannot overflow a long.
        long txWeight = transactions.totalWeight();
        long txSigops = transactions.totalSigops();
        long minAvgFee = policy.minAvgFee(tier);
        long weight =
                HEADER_WEIGHT + 4L * CompactSize.encodedLength(txCount) + txWeight + policy.coinbaseReservedWeight();
        double weightRatio = weight / (double) Policy.MAX_BLOCK_WEIGHT;
        long templateAgeSecs = saturatingSubtract(nowEpochSeconds, template.curtime());
        long coinbaseSigops = template.coinbaseSigops();
        long sigops = txSigops + coinbaseSigops;

        int failures = 0;
        if (template.protocolVersion() != policy.protocolVersion()) {
            failures |= PROTOCOL_VERSION_MISMATCH;
        }
        String prevHash = template.prevHash();
        if (!isHex(prevHash)) {
            failures |= INVALID_PREV_HASH;
        }
        if (prevHash.length() != policy.requiredPrevhashLen()) {
            failures |= PREV_HASH_LEN_MISMATCH;
        }
        if (template.coinbaseValue() == 0 && policy.rejectCoinbaseZero()) {
            failures |= COINBASE_VALUE_ZERO_REJECTED;
        }
        if (txCount == 0 && policy.rejectEmptyTemplates()) {
            failures |= EMPTY_TEMPLATE_REJECTED;
        }
        if (txCount > policy.maxTxCount()) {
            failures |= TX_COUNT_EXCEEDED;
        }
        if (totalFees < policy.minTotalFees()) {
            failures |= TOTAL_FEES_BELOW_MINIMUM;
        }
        // floor(total / n) < min exactly when total / n < min, since min is an integer: no rounding question.
        if (txCount > 0 && totalFees / txCount < minAvgFee) {
            failures |= AVG_FEE_BELOW_MINIMUM;
        }
        if (weightRatio > policy.maxWeightRatio()) {
            failures |= WEIGHT_RATIO_EXCEEDED;
        }
        // A saturated age stands for "older than any representable threshold", even Long.MAX_VALUE itself.
        boolean ageSaturated =
                templateAgeSecs == Long.MAX_VALUE && nowEpochSeconds - Long.MAX_VALUE > template.curtime();
        if (templateAgeSecs > policy.maxTemplateAgeSecs() || ageSaturated) {
            failures |= TEMPLATE_TOO_OLD;
        }
        if (sigops > policy.maxSigopsCost()) {
            failures |= SIGOPS_BUDGET_EXCEEDED;
        }
        if (coinbaseSigops > policy.maxCoinbaseSigops()) {
            failures |= COINBASE_SIGOPS_EXCEEDED;
        }

        Thresholds thresholds = new Thresholds(
                minAvgFee,
                policy.minTotalFees(),
                policy.maxTxCount(),
                policy.maxWeightRatio(),
                policy.maxTemplateAgeSecs(),
                policy.maxSigopsCost(),
                policy.maxCoinbaseSigops());
        double avgFee = txCount == 0 ? 0 : (double) totalFees / txCount;
        Measured measured =
                new Measured(txCount, totalFees, avgFee, weight, weightRatio, sigops, coinbaseSigops, templateAgeSecs);
        VerdictContext context = new VerdictContext(
                tier,
                mempool.txCount(),
                thresholds,
                measured,
                active.version(),
                active.sha256Hex(),
                elapsedMicros(started));
        long requestId = template.requestId();
        if (mempoolUnavailable) {
            return TemplateVerdict.reject(requestId, MEMPOOL_UNAVAILABLE, context);
        }
        if (failures == 0) {
            return TemplateVerdict.accept(requestId, context);
        }
        return TemplateVerdict.reject(requestId, reasons(failures), context);
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

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    private static List<VerdictReason> reasons(int failures) {
        List<VerdictReason> cached = REASONS_BY_MASK.get(failures);
        if (cached != null) {
            return cached;
        }
        List<VerdictReason> reasons = new ArrayList<>(Integer.bitCount(failures));
        for (int check = 0; check < CHECKS.length; check++) {
            if ((failures & (1 << check)) != 0) {
                reasons.add(CHECKS[check]);
            }
        }
        List<VerdictReason> shared = List.copyOf(reasons);
        REASONS_BY_MASK.set(failures, shared);
        return shared;
    }

    /**
     * Sum of the fees, saturating at {@link Long#MAX_VALUE}. Fees are non-negative; when every fee is below 2^32
     * (any real one is) the plain sum of fewer than 2^31 of them cannot overflow, so the common case is one
     * branch-free loop the JIT can vectorise, and only absurd fees take the saturating loop.
     */
    private static long totalFees(TransactionTable transactions) {
        int count = transactions.size();
        long sum = 0;
        long allBits = 0;
        for (int i = 0; i < count; i++) {
            long fee = transactions.fee(i);
            sum += fee;
            allBits |= fee;
        }
        if (allBits >>> 32 == 0) {
            return sum;
        }
        sum = 0;
        for (int i = 0; i < count; i++) {
            sum += transactions.fee(i);
            if (sum < 0) {
                return Long.MAX_VALUE;
            }
        }
        return sum;
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
