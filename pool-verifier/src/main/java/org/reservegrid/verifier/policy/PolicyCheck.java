package org.reservegrid.verifier.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;

/**
 * The checks of the policy engine, in evaluation order, each with the reason it raises, the policy key that sets
 * it, what it measures, its threshold and its {@link Comparison}. {@link PolicyEvaluator} decides every verdict
 * with {@link #fails}, and {@link #results} lists the same checks for the API, so what the operator reads is the
 * rule that judged, not a restatement of it.
 *
 * <p>A check whose switch is off ({@code reject_empty_templates = false}, ...) or that does not apply (the
 * average fee of an empty template) is not made: it never fails and is not listed. A failing
 * {@link #MEMPOOL_KNOWN} is a verdict's only reason (see {@link PolicyEvaluator#evaluate}); the other checks are
 * still computed, with the high tier.
 */
public enum PolicyCheck {
    MEMPOOL_KNOWN(
            VerdictReason.MEMPOOL_BACKEND_UNAVAILABLE,
            PolicyKey.UNKNOWN_MEMPOOL_AS_HIGH,
            "mempool size known",
            Comparison.EQUAL,
            new Flags(CheckSubject::mempoolKnown, true),
            policy -> !policy.unknownMempoolAsHigh()),
    PROTOCOL_VERSION(
            VerdictReason.PROTOCOL_VERSION_MISMATCH,
            PolicyKey.PROTOCOL_VERSION,
            "template protocol version",
            Comparison.EQUAL,
            new Integers(
                    CheckSubject::protocolVersion,
                    CheckSubject::protocolVersionKnown,
                    new FromPolicy(Policy::protocolVersion)),
            null),
    PREV_HASH_HEX(
            VerdictReason.INVALID_PREV_HASH,
            null,
            "prev_hash is hexadecimal",
            Comparison.EQUAL,
            new Flags(subject -> isHex(subject.prevHash()), true),
            null),
    PREV_HASH_LENGTH(
            VerdictReason.PREV_HASH_LEN_MISMATCH,
            PolicyKey.REQUIRED_PREVHASH_LEN,
            "prev_hash length, characters",
            Comparison.EQUAL,
            new Integers(
                    subject -> subject.prevHash().length(),
                    subject -> true,
                    new FromPolicy(Policy::requiredPrevhashLen)),
            null),
    COINBASE_VALUE(
            VerdictReason.COINBASE_VALUE_ZERO_REJECTED,
            PolicyKey.REJECT_COINBASE_ZERO,
            "coinbase value, sat",
            Comparison.NOT_EQUAL,
            Integers.of(CheckSubject::coinbaseValue, subject -> 0),
            Policy::rejectCoinbaseZero),
    NOT_EMPTY(
            VerdictReason.EMPTY_TEMPLATE_REJECTED,
            PolicyKey.REJECT_EMPTY_TEMPLATES,
            "transactions in the template",
            Comparison.NOT_EQUAL,
            Integers.of(subject -> subject.measured().txCount(), subject -> 0),
            Policy::rejectEmptyTemplates),
    TX_COUNT(
            VerdictReason.TX_COUNT_EXCEEDED,
            PolicyKey.MAX_TX_COUNT,
            "transaction count",
            Comparison.AT_MOST,
            Integers.of(
                    subject -> subject.measured().txCount(),
                    subject -> subject.thresholds().maxTxCount()),
            null),
    TOTAL_FEES(
            VerdictReason.TOTAL_FEES_BELOW_MINIMUM,
            PolicyKey.MIN_TOTAL_FEES,
            "total fees, sat",
            Comparison.AT_LEAST,
            Integers.of(
                    subject -> subject.measured().totalFees(),
                    subject -> subject.thresholds().minTotalFees()),
            null),
    /**
     * Compared rounded down: {@code floor(total / n) >= min} is exactly {@code total / n >= min} for an integer
     * minimum, with no floating-point rounding.
     */
    AVG_FEE(
            VerdictReason.AVG_FEE_BELOW_MINIMUM,
            PolicyKey.MIN_AVG_FEE_HI,
            "average fee per transaction, sat (rounded down)",
            Comparison.AT_LEAST,
            Integers.of(
                    PolicyCheck::flooredAverageFee,
                    subject -> subject.thresholds().minAvgFee()),
            null) {
        @Override
        boolean applies(CheckSubject subject) {
            return subject.measured().txCount() > 0;
        }

        @Override
        String key(CheckSubject subject) {
            PolicyKey key = switch (subject.tier()) {
                case LO -> PolicyKey.MIN_AVG_FEE_LO;
                case MID -> PolicyKey.MIN_AVG_FEE_MID;
                case HI -> PolicyKey.MIN_AVG_FEE_HI;
            };
            return key.tomlName();
        }
    },
    WEIGHT_RATIO(
            VerdictReason.WEIGHT_RATIO_EXCEEDED,
            PolicyKey.MAX_WEIGHT_RATIO,
            "estimated block weight (transactions + coinbase_reserved_weight) / 4,000,000 WU",
            Comparison.AT_MOST,
            new Ratios(
                    subject -> subject.measured().weightRatio(),
                    subject -> subject.thresholds().maxWeightRatio(),
                    subject -> subject.measured().weight(),
                    subject -> Policy.maxEstimatedWeight(subject.thresholds().maxWeightRatio())),
            null),
    TEMPLATE_AGE(
            VerdictReason.TEMPLATE_TOO_OLD,
            PolicyKey.MAX_TEMPLATE_AGE_SECS,
            "template age (evaluation time - curtime), s",
            Comparison.AT_MOST,
            Integers.of(
                    subject -> subject.measured().templateAgeSecs(),
                    subject -> subject.thresholds().maxTemplateAgeSecs()),
            null) {
        @Override
        boolean passes(@Nullable Policy policy, CheckSubject subject) {
            return !subject.ageBeyondAnyLimit() && super.passes(policy, subject);
        }
    },
    SIGOPS(
            VerdictReason.SIGOPS_BUDGET_EXCEEDED,
            PolicyKey.MAX_SIGOPS_COST,
            "sigops cost, transactions and coinbase",
            Comparison.AT_MOST,
            Integers.of(
                    subject -> subject.measured().sigops(),
                    subject -> subject.thresholds().maxSigopsCost()),
            null),
    COINBASE_SIGOPS(
            VerdictReason.COINBASE_SIGOPS_EXCEEDED,
            PolicyKey.MAX_COINBASE_SIGOPS,
            "coinbase sigops cost",
            Comparison.AT_MOST,
            Integers.of(
                    subject -> subject.measured().coinbaseSigops(),
                    subject -> subject.thresholds().maxCoinbaseSigops()),
            null);

    /** The key of the one rule no policy key sets. */
    static final String PREV_HASH_HEX_KEY = "prev_hash_hex";

    private static final PolicyCheck[] ALL = values();

    private final VerdictReason reason;
    private final @Nullable PolicyKey key;
    private final String label;
    private final Comparison comparison;
    private final Operands operands;
    private final @Nullable Predicate<Policy> switchedOnBy;

    PolicyCheck(
            VerdictReason reason,
            @Nullable PolicyKey key,
            String label,
            Comparison comparison,
            Operands operands,
            @Nullable Predicate<Policy> switchedOnBy) {
        this.reason = reason;
        this.key = key;
        this.label = label;
        this.comparison = comparison;
        this.operands = operands;
        this.switchedOnBy = switchedOnBy;
    }

    public VerdictReason reason() {
        return reason;
    }

    public String label() {
        return label;
    }

    public Comparison comparison() {
        return comparison;
    }

    /** Whether the policy makes this check on this subject and it fails: the evaluator's decision. */
    boolean fails(Policy policy, CheckSubject subject) {
        return applies(subject) && switchedOn(policy) && !passes(policy, subject);
    }

    /**
     * The checks of a verdict, in evaluation order.
     *
     * <p>With the policy that judged (and a subject that recorded every value) each check is decided as the
     * evaluator decided it, and {@code reasons} is not consulted. When the policy is unknown ({@code policy} null:
     * the verifier no longer holds it) or the template's protocol version was not recorded, a check that needs the
     * missing value is filled in from the verdict's reasons where they settle it: a reported reason is a failed
     * check; otherwise it passed (an equality that held gives the unknown side its value), unless the verdict
     * reported only {@code mempool_backend_unavailable}, which says nothing about the others (then it is left out);
     * a switch of an unknown policy is listed only when it failed, since whether it was on is otherwise unknown.
     * So without the policy the list is the exact list minus the checks the verdict does not settle, with a
     * threshold from the policy left null where it failed.
     *
     * @param reasons the verdict's reasons
     */
    public static List<CheckResult> results(
            @Nullable Policy policy, CheckSubject subject, List<VerdictReason> reasons) {
        boolean othersUnreported = reasons.contains(MEMPOOL_KNOWN.reason);
        List<CheckResult> results = new ArrayList<>(ALL.length);
        for (PolicyCheck check : ALL) {
            CheckResult result = check.result(policy, subject, reasons, othersUnreported);
            if (result != null) {
                results.add(result);
            }
        }
        return results;
    }

    private @Nullable CheckResult result(
            @Nullable Policy policy, CheckSubject subject, List<VerdictReason> reasons, boolean othersUnreported) {
        if (!applies(subject)) {
            return null;
        }
        Boolean switchedOn = switchedOnBy == null ? Boolean.TRUE : policy == null ? null : switchedOn(policy);
        if (Boolean.FALSE.equals(switchedOn)) {
            return null;
        }
        Object measured = operands.measured(subject);
        Object threshold = operands.threshold(policy, subject);
        String key = key(subject);
        if (switchedOn != null && measured != null && threshold != null) {
            return new CheckResult(this, key, measured, threshold, passes(policy, subject));
        }
        if (reasons.contains(reason)) {
            return new CheckResult(this, key, measured, threshold, false);
        }
        if (switchedOn == null || othersUnreported) {
            return null;
        }
        if (comparison == Comparison.EQUAL) {
            return new CheckResult(
                    this, key, measured == null ? threshold : measured, threshold == null ? measured : threshold, true);
        }
        return new CheckResult(this, key, measured, threshold, true);
    }

    /** Whether the check applies to the subject at all, whatever the policy. */
    boolean applies(CheckSubject subject) {
        return true;
    }

    /** The policy key the check applies. */
    String key(CheckSubject subject) {
        return key == null ? PREV_HASH_HEX_KEY : key.tomlName();
    }

    /** The comparison of the measured value with the threshold; the policy is needed only for its own values. */
    boolean passes(@Nullable Policy policy, CheckSubject subject) {
        return switch (operands) {
            case Integers integers ->
                comparison.holds(integers.measured.applyAsLong(subject), integers.threshold.value(policy, subject));
            case Ratios ratios ->
                comparison.holds(
                        ratios.measuredNumerator.applyAsLong(subject), ratios.maxNumerator.applyAsLong(subject));
            case Flags flags -> comparison.holds(flags.measured.test(subject), flags.threshold);
        };
    }

    private boolean switchedOn(Policy policy) {
        return switchedOnBy == null || switchedOnBy.test(policy);
    }

    private static long flooredAverageFee(CheckSubject subject) {
        long count = subject.measured().txCount();
        return count == 0 ? 0 : subject.measured().totalFees() / count;
    }

    static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** The two sides of a check, typed so the evaluator compares primitives. */
    private sealed interface Operands permits Integers, Ratios, Flags {
        /** The measured value boxed for the API, or null when the subject did not record it. */
        @Nullable
        Object measured(CheckSubject subject);

        /** The threshold boxed for the API, or null when it comes from a policy that is not known. */
        @Nullable
        Object threshold(@Nullable Policy policy, CheckSubject subject);
    }

    private record Integers(
            ToLongFunction<CheckSubject> measured, Predicate<CheckSubject> recorded, IntegerThreshold threshold)
            implements Operands {
        static Integers of(ToLongFunction<CheckSubject> measured, ToLongFunction<CheckSubject> threshold) {
            return new Integers(measured, subject -> true, new FromSubject(threshold));
        }

        @Override
        public @Nullable Object measured(CheckSubject subject) {
            return recorded.test(subject) ? (Object) measured.applyAsLong(subject) : null;
        }

        @Override
        public @Nullable Object threshold(@Nullable Policy policy, CheckSubject subject) {
            return threshold.known(policy) ? (Object) threshold.value(policy, subject) : null;
        }
    }

    /**
     * A ratio shown to the operator and decided in integers: {@code measuredNumerator} against the largest numerator
     * the threshold allows, which agrees with the ratios' own comparison (see {@link Policy#maxEstimatedWeight}).
     */
    private record Ratios(
            ToDoubleFunction<CheckSubject> measured,
            ToDoubleFunction<CheckSubject> threshold,
            ToLongFunction<CheckSubject> measuredNumerator,
            ToLongFunction<CheckSubject> maxNumerator)
            implements Operands {
        @Override
        public Object measured(CheckSubject subject) {
            return measured.applyAsDouble(subject);
        }

        @Override
        public Object threshold(@Nullable Policy policy, CheckSubject subject) {
            return threshold.applyAsDouble(subject);
        }
    }

    private record Flags(Predicate<CheckSubject> measured, boolean threshold) implements Operands {
        @Override
        public Object measured(CheckSubject subject) {
            return measured.test(subject);
        }

        @Override
        public Object threshold(@Nullable Policy policy, CheckSubject subject) {
            return threshold;
        }
    }

    /** An integer threshold: a policy value, or one the subject carries (the verdict context's, or a constant). */
    private sealed interface IntegerThreshold permits FromPolicy, FromSubject {
        boolean known(@Nullable Policy policy);

        /** @throws NullPointerException for a policy value without a policy (callers check {@link #known}) */
        long value(@Nullable Policy policy, CheckSubject subject);
    }

    private record FromPolicy(ToLongFunction<Policy> value) implements IntegerThreshold {
        @Override
        public boolean known(@Nullable Policy policy) {
            return policy != null;
        }

        @Override
        public long value(@Nullable Policy policy, CheckSubject subject) {
            return value.applyAsLong(Objects.requireNonNull(policy, "policy"));
        }
    }

    private record FromSubject(ToLongFunction<CheckSubject> value) implements IntegerThreshold {
        @Override
        public boolean known(@Nullable Policy policy) {
            return true;
        }

        @Override
        public long value(@Nullable Policy policy, CheckSubject subject) {
            return value.applyAsLong(subject);
        }
    }
}
