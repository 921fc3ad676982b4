package org.reservegrid.verifier.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.function.Function;
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
 * @param maxWeightRatio maximum estimated block weight as a fraction of 4,000,000, in (0, 1]; the evaluator compares
 *     in integers against {@link #maxEstimatedWeight(double)}
 * @param maxTemplateAgeSecs maximum age of a template (evaluation time minus curtime)
 * @param maxSigopsCost maximum sigops cost of transactions plus coinbase
 * @param maxCoinbaseSigops maximum sigops cost of the coinbase alone
 * @param coinbaseReservedWeight weight the estimate adds to the template's transactions for everything else in the
 *     block: header, transaction count and the pool's coinbase (what Bitcoin Core's block assembler reserves)
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

    /** The product defaults (the shipped config/policy.toml): every {@link PolicyKey}'s default. */
    public static final Policy DEFAULTS = of(PolicyKey::defaultValue);

    public Policy {
        // The components in PolicyKey order (PolicyKeyTests checks that the two agree).
        List<Object> components = List.of(
                protocolVersion,
                requiredPrevhashLen,
                minAvgFeeLo,
                minAvgFeeMid,
                minAvgFeeHi,
                lowMempoolTx,
                highMempoolTx,
                minTotalFees,
                maxTxCount,
                rejectEmptyTemplates,
                rejectCoinbaseZero,
                unknownMempoolAsHigh,
                maxWeightRatio,
                maxTemplateAgeSecs,
                maxSigopsCost,
                maxCoinbaseSigops,
                coinbaseReservedWeight);
        List<PolicyViolation> violations = PolicyKey.violations(key -> normalized(key, components.get(key.ordinal())));
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("invalid policy: " + violations);
        }
    }

    /**
     * The policy with each key's value from {@code values} ({@code Long}, {@code Boolean} or {@code Double} as the
     * key's kind says).
     *
     * @throws IllegalArgumentException if the values break a rule ({@link ArithmeticException} if an {@code int}
     *     component's value does not even fit an {@code int})
     */
    static Policy of(Function<PolicyKey, Object> values) {
        return new Policy(
                Math.toIntExact((Long) values.apply(PolicyKey.PROTOCOL_VERSION)),
                Math.toIntExact((Long) values.apply(PolicyKey.REQUIRED_PREVHASH_LEN)),
                (Long) values.apply(PolicyKey.MIN_AVG_FEE_LO),
                (Long) values.apply(PolicyKey.MIN_AVG_FEE_MID),
                (Long) values.apply(PolicyKey.MIN_AVG_FEE_HI),
                (Long) values.apply(PolicyKey.LOW_MEMPOOL_TX),
                (Long) values.apply(PolicyKey.HIGH_MEMPOOL_TX),
                (Long) values.apply(PolicyKey.MIN_TOTAL_FEES),
                (Long) values.apply(PolicyKey.MAX_TX_COUNT),
                (Boolean) values.apply(PolicyKey.REJECT_EMPTY_TEMPLATES),
                (Boolean) values.apply(PolicyKey.REJECT_COINBASE_ZERO),
                (Boolean) values.apply(PolicyKey.UNKNOWN_MEMPOOL_AS_HIGH),
                (Double) values.apply(PolicyKey.MAX_WEIGHT_RATIO),
                (Long) values.apply(PolicyKey.MAX_TEMPLATE_AGE_SECS),
                (Long) values.apply(PolicyKey.MAX_SIGOPS_COST),
                (Long) values.apply(PolicyKey.MAX_COINBASE_SIGOPS),
                (Long) values.apply(PolicyKey.COINBASE_RESERVED_WEIGHT));
    }

    /** An {@code int} component as the {@code Long} its key's values are. */
    private static Object normalized(PolicyKey key, Object component) {
        return key.kind() == PolicyKey.Kind.INTEGER ? (Object) ((Number) component).longValue() : component;
    }

    /**
     * The largest estimated block weight a {@code max_weight_ratio} allows: {@code floor(ratio x 4,000,000)}, the
     * ratio read as the decimal it is written in (its shortest round-trip form, as the canonical policy TOML shows
     * it), so {@code 0.999} allows exactly 3,996,000 WU although the double nearest 0.999 is slightly below it.
     * Comparing the estimate with this integer keeps the boundary free of floating-point rounding; a weight passes
     * it exactly when {@code weight / 4,000,000.0 <= ratio} in double arithmetic (the shortest decimal of the
     * ratio is the only one with at most eight decimal places that rounds to it), so the ratio the API shows and
     * the integer decision never disagree.
     */
    public static long maxEstimatedWeight(double maxWeightRatio) {
        WeightLimit limit = lastWeightLimit;
        if (Double.compare(limit.ratio(), maxWeightRatio) != 0) {
            limit = new WeightLimit(
                    maxWeightRatio,
                    BigDecimal.valueOf(maxWeightRatio)
                            .multiply(BigDecimal.valueOf(MAX_BLOCK_WEIGHT))
                            .setScale(0, RoundingMode.FLOOR)
                            .longValueExact());
            lastWeightLimit = limit;
        }
        return limit.maxWeight();
    }

    /** One ratio's limit: policies change rarely, so the last one saves the decimal arithmetic per judgment. */
    private record WeightLimit(double ratio, long maxWeight) {}

    @SuppressWarnings("NonFinalStaticField") // a cache of an immutable value; a racing recomputation is harmless
    private static volatile WeightLimit lastWeightLimit = new WeightLimit(Double.NaN, 0);

    /** The fee tier's minimum average fee. */
    public long minAvgFee(FeeTier tier) {
        return switch (tier) {
            case LO -> minAvgFeeLo;
            case MID -> minAvgFeeMid;
            case HI -> minAvgFeeHi;
        };
    }
}
