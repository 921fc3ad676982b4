package org.reservegrid.verifier.policy;

import java.util.Objects;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TransactionTable;

/**
 * A template reduced to what {@link PolicyEvaluator} judges: its header facts and the sums of its transaction
 * columns. The evaluator judges this summary, so a summary kept after the template is gone (the what-if ring keeps
 * a few hundred bytes instead of the 48 bytes per transaction of the template) is judged exactly as the template
 * was.
 *
 * @param txCount number of transactions (the coinbase is not one of them)
 * @param totalFees sum of the transaction fees, saturating at {@link Long#MAX_VALUE}
 * @param txWeight sum of the transaction weights (cannot overflow: at most 2^31 entries below 2^31 each)
 * @param txSigops sum of the transaction sigops costs (likewise)
 */
public record TemplateSummary(
        long requestId,
        int protocolVersion,
        String prevHash,
        long height,
        long curtime,
        long coinbaseValue,
        long coinbaseSigops,
        int txCount,
        long totalFees,
        long txWeight,
        long txSigops) {

    public TemplateSummary {
        Objects.requireNonNull(prevHash, "prevHash");
        if (txCount < 0 || totalFees < 0 || txWeight < 0 || txSigops < 0) {
            throw new IllegalArgumentException("transaction count and sums must not be negative");
        }
    }

    /** Sums the template's columns in one pass each. */
    public static TemplateSummary of(TemplatePropose template) {
        TransactionTable transactions = template.transactions();
        return new TemplateSummary(
                template.requestId(),
                template.protocolVersion(),
                template.prevHash(),
                template.height(),
                template.curtime(),
                template.coinbaseValue(),
                template.coinbaseSigops(),
                transactions.size(),
                totalFees(transactions),
                transactions.totalWeight(),
                transactions.totalSigops());
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
}
