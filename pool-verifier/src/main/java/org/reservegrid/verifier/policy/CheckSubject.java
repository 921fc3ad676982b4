package org.reservegrid.verifier.policy;

import java.util.Objects;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.message.VerdictContext;

/**
 * What a verdict's {@link PolicyCheck}s compare, beside the policy itself: the few template facts the checks read
 * and the verdict context's tier, thresholds and measured values. {@link PolicyEvaluator} builds one for the
 * template it judges and decides the verdict with it; the API rebuilds one from a recorded verdict
 * ({@link #recorded}), so the checks it shows are computed by the same code from the same values.
 *
 * @param mempoolKnown whether the judgment had a mempool count (the context's count is -1 when not)
 * @param protocolVersion the template's protocol version, or -1 when it was not recorded (verdicts stored before
 *     the history kept it)
 * @param ageBeyondAnyLimit {@code now - curtime} overflowed: older than any {@code max_template_age_secs}, even
 *     {@link Long#MAX_VALUE}, although the measured age saturates at that value
 */
public record CheckSubject(
        boolean mempoolKnown,
        int protocolVersion,
        String prevHash,
        long coinbaseValue,
        boolean ageBeyondAnyLimit,
        FeeTier tier,
        VerdictContext.Thresholds thresholds,
        VerdictContext.Measured measured) {

    public CheckSubject {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(measured, "measured");
    }

    /**
     * The subject of a recorded verdict.
     *
     * @param protocolVersion the template's protocol version, -1 when not recorded
     * @param judgedAtEpochSecond the evaluation time the verdict was judged at (its {@code now})
     */
    public static CheckSubject recorded(
            int protocolVersion,
            String prevHash,
            long coinbaseValue,
            long curtime,
            long judgedAtEpochSecond,
            VerdictContext context) {
        return new CheckSubject(
                MempoolView.isKnownCount(context.mempoolTxCount()),
                protocolVersion,
                prevHash,
                coinbaseValue,
                PolicyEvaluator.ageBeyondAnyLimit(context.measured().templateAgeSecs(), judgedAtEpochSecond, curtime),
                context.tier(),
                context.thresholds(),
                context.measured());
    }

    boolean protocolVersionKnown() {
        return protocolVersion >= 0;
    }
}
