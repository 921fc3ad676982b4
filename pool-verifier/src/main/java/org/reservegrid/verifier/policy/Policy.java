package org.reservegrid.verifier.policy;

import java.util.ArrayList;
import java.util.List;
import org.reservegrid.protocol.FeeTier;

/**
 * The operator's template policy, the {@code [policy]} table of policy.toml. Every instance is consistent: the
 * constructor rejects what {@link PolicyParser} reports as a problem, so the evaluator never meets a policy it
 * cannot apply.
 *
 * @param protocolVersion template protocol version the verifier accepts (u16)
 * @param requiredPrevhashLen required length of the previous block hash text (64 for hex)
 * @param minAvgFeeLo minimum average fee per transaction in the low tier, satoshis
 * @param minAvgFeeMid minimum average fee per transaction in the middle tier, satoshis
 * @param minAvgFeeHi minimum average fee per transaction in the high tier, satoshis
 * @param lowMempoolTx mempool transaction count at or below which the low tier applies
 * @param highMempoolTx mempool transaction count at or above which the high tier applies
 * @param minTotalFees minimum total fees of a template, satoshis
 * @param maxTxCount maximum number of transactions in a template
 * @param rejectEmptyTemplates reject templates without transactions
 * @param rejectCoinbaseZero reject templates whose coinbase value is zero
 * @param unknownMempoolAsHigh judge with the high tier when the mempool is unknown (otherwise reject)
 * @param maxWeightRatio maximum estimated block weight as a fraction of 4,000,000, in (0, 1]
 * @param maxTemplateAgeSecs maximum age of a template (evaluation time minus curtime)
 * @param maxSigopsCost maximum sigops cost of transactions plus coinbase
 * @param maxCoinbaseSigops maximum sigops cost of the coinbase alone
 * @param coinbaseReservedWeight weight reserved for the pool's coinbase transaction in the weight estimate
 */
public record Policy(
        int protocolVersion,
        int requiredPrevhashLen,
        long minAvgFeeLo,
        long minAvgFeeMid,
        long minAvgFeeHi,
        long lowMempoolTx,
        long highMempoolTx,
        long minTotalFees,
        long maxTxCount,
        boolean rejectEmptyTemplates,
        boolean rejectCoinbaseZero,
        boolean unknownMempoolAsHigh,
        double maxWeightRatio,
        long maxTemplateAgeSecs,
        long maxSigopsCost,
        long maxCoinbaseSigops,
        long coinbaseReservedWeight) {

    /** Consensus block weight limit. */
    public static final long MAX_BLOCK_WEIGHT = 4_000_000;

    /** Longest prev_hash the verifier wire format can carry. */
    public static final int MAX_PREVHASH_LEN = 255;

    /** The product defaults (the shipped config/policy.toml). */
    public static final Policy DEFAULTS =
            new Policy(2, 64, 1, 2000, 5000, 0, 50, 0, 10_000, true, true, true, 0.999, 30, 80_000, 20_000, 4000);

    public Policy {
        List<PolicyViolation> violations = violations(
                protocolVersion,
                requiredPrevhashLen,
                minAvgFeeLo,
                minAvgFeeMid,
                minAvgFeeHi,
                lowMempoolTx,
                highMempoolTx,
                minTotalFees,
                maxTxCount,
                maxWeightRatio,
                maxTemplateAgeSecs,
                maxSigopsCost,
                maxCoinbaseSigops,
                coinbaseReservedWeight);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid policy: " + violations);
        }
    }

    /** The fee tier's minimum average fee. */
    public long minAvgFee(FeeTier tier) {
        return switch (tier) {
            case LO -> minAvgFeeLo;
            case MID -> minAvgFeeMid;
            case HI -> minAvgFeeHi;
        };
    }

    /** Every rule the given values break; shared by the constructor and {@link PolicyParser}. */
    static List<PolicyViolation> violations(
            long protocolVersion,
            long requiredPrevhashLen,
            long minAvgFeeLo,
            long minAvgFeeMid,
            long minAvgFeeHi,
            long lowMempoolTx,
            long highMempoolTx,
            long minTotalFees,
            long maxTxCount,
            double maxWeightRatio,
            long maxTemplateAgeSecs,
            long maxSigopsCost,
            long maxCoinbaseSigops,
            long coinbaseReservedWeight) {
        List<PolicyViolation> violations = new ArrayList<>(0);
        if (protocolVersion < 0 || protocolVersion > 0xffff) {
            violations.add(PolicyViolation.of(
                    PolicyKey.PROTOCOL_VERSION, "must be between 0 and 65535 (u16), got " + protocolVersion));
        }
        if (requiredPrevhashLen <= 0 || requiredPrevhashLen > MAX_PREVHASH_LEN) {
            violations.add(PolicyViolation.of(
                    PolicyKey.REQUIRED_PREVHASH_LEN,
                    "must be between 1 and " + MAX_PREVHASH_LEN + ", got " + requiredPrevhashLen));
        }
        nonNegative(violations, PolicyKey.MIN_AVG_FEE_LO, minAvgFeeLo);
        nonNegative(violations, PolicyKey.MIN_AVG_FEE_MID, minAvgFeeMid);
        nonNegative(violations, PolicyKey.MIN_AVG_FEE_HI, minAvgFeeHi);
        nonNegative(violations, PolicyKey.LOW_MEMPOOL_TX, lowMempoolTx);
        nonNegative(violations, PolicyKey.HIGH_MEMPOOL_TX, highMempoolTx);
        nonNegative(violations, PolicyKey.MIN_TOTAL_FEES, minTotalFees);
        nonNegative(violations, PolicyKey.MAX_TX_COUNT, maxTxCount);
        if (!(maxWeightRatio > 0 && maxWeightRatio <= 1)) {
            violations.add(PolicyViolation.of(PolicyKey.MAX_WEIGHT_RATIO, "must be in (0, 1], got " + maxWeightRatio));
        }
        nonNegative(violations, PolicyKey.MAX_TEMPLATE_AGE_SECS, maxTemplateAgeSecs);
        nonNegative(violations, PolicyKey.MAX_SIGOPS_COST, maxSigopsCost);
        nonNegative(violations, PolicyKey.MAX_COINBASE_SIGOPS, maxCoinbaseSigops);
        if (coinbaseReservedWeight < 0 || coinbaseReservedWeight > MAX_BLOCK_WEIGHT) {
            violations.add(PolicyViolation.of(
                    PolicyKey.COINBASE_RESERVED_WEIGHT,
                    "must be between 0 and " + MAX_BLOCK_WEIGHT + ", got " + coinbaseReservedWeight));
        }
        notAbove(violations, PolicyKey.MIN_AVG_FEE_LO, minAvgFeeLo, PolicyKey.MIN_AVG_FEE_MID, minAvgFeeMid);
        notAbove(violations, PolicyKey.MIN_AVG_FEE_MID, minAvgFeeMid, PolicyKey.MIN_AVG_FEE_HI, minAvgFeeHi);
        notAbove(violations, PolicyKey.LOW_MEMPOOL_TX, lowMempoolTx, PolicyKey.HIGH_MEMPOOL_TX, highMempoolTx);
        return violations;
    }

    private static void nonNegative(List<PolicyViolation> violations, PolicyKey key, long value) {
        if (value < 0) {
            violations.add(PolicyViolation.of(key, "must not be negative, got " + value));
        }
    }

    private static void notAbove(
            List<PolicyViolation> violations, PolicyKey lower, long lowerValue, PolicyKey upper, long upperValue) {
        if (lowerValue > upperValue) {
            violations.add(new PolicyViolation(
                    upper,
                    lower,
                    lower.tomlName() + " (" + lowerValue + ") must not exceed " + upper.tomlName() + " (" + upperValue
                            + ")"));
        }
    }
}
