package org.reservegrid.verifier.policy;

import java.util.Locale;
import java.util.Objects;
import org.reservegrid.protocol.FeeTier;

/**
 * Why a judgment used its fee tier: the mempool count it had and the policy's tier thresholds, with the tier
 * {@link PolicyEvaluator#tier(Policy, MempoolView)} chose and a sentence saying so.
 *
 * @param mempoolTxCount the count the tier came from, -1 when the mempool was unknown
 */
public record TierBasis(
        long mempoolTxCount,
        boolean mempoolKnown,
        long lowMempoolTx,
        long highMempoolTx,
        boolean unknownMempoolAsHigh,
        FeeTier tier,
        String explanation) {

    public TierBasis {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(explanation, "explanation");
    }

    public static TierBasis of(Policy policy, MempoolView mempool) {
        FeeTier tier = PolicyEvaluator.tier(policy, mempool);
        return new TierBasis(
                mempool.txCount(),
                mempool.known(),
                policy.lowMempoolTx(),
                policy.highMempoolTx(),
                policy.unknownMempoolAsHigh(),
                tier,
                explanation(policy, mempool, tier));
    }

    private static String explanation(Policy policy, MempoolView mempool, FeeTier tier) {
        if (!mempool.known()) {
            return policy.unknownMempoolAsHigh()
                    ? "mempool size unknown and unknown_mempool_as_high = true: high tier"
                    : "mempool size unknown and unknown_mempool_as_high = false: rejected as"
                            + " mempool_backend_unavailable (the checks show the high tier)";
        }
        String count =
                number(mempool.txCount()) + (mempool.txCount() == 1 ? " mempool transaction" : " mempool transactions");
        return switch (tier) {
            case LO -> count + " <= low_mempool_tx " + number(policy.lowMempoolTx()) + ": low tier";
            case HI -> count + " >= high_mempool_tx " + number(policy.highMempoolTx()) + ": high tier";
            case MID ->
                count + " > low_mempool_tx " + number(policy.lowMempoolTx()) + " and < high_mempool_tx "
                        + number(policy.highMempoolTx()) + ": middle tier";
        };
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
