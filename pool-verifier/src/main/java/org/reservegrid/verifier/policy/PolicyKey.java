package org.reservegrid.verifier.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The keys of the {@code [policy]} table, in canonical order (the order of the {@link Policy} components): each
 * with its TOML name, type, default, the {@link Policy} accessor that reads it, its range rule and the key it must
 * not exceed. The parser, the defaults, the canonical TOML and the docs test iterate over this enum, so a new key is
 * this constant plus its {@link Policy} component (and its row in docs/policy.md and line in config/policy.toml).
 *
 * <p>Values are {@code Long} for {@link Kind#INTEGER}, {@code Boolean} for {@link Kind#BOOLEAN} and {@code Double}
 * for {@link Kind#FLOAT}.
 */
enum PolicyKey {
    PROTOCOL_VERSION(
            "protocol_version", Kind.INTEGER, 2L, p -> (long) p.protocolVersion(), between(0, 0xffff, " (u16)")),
    REQUIRED_PREVHASH_LEN(
            "required_prevhash_len",
            Kind.INTEGER,
            64L,
            p -> (long) p.requiredPrevhashLen(),
            between(1, Policy.MAX_PREVHASH_LEN, "")),
    MIN_AVG_FEE_LO("min_avg_fee_lo", Kind.INTEGER, 1L, Policy::minAvgFeeLo, nonNegative()),
    MIN_AVG_FEE_MID("min_avg_fee_mid", Kind.INTEGER, 2000L, Policy::minAvgFeeMid, nonNegative()),
    MIN_AVG_FEE_HI("min_avg_fee_hi", Kind.INTEGER, 5000L, Policy::minAvgFeeHi, nonNegative()),
    LOW_MEMPOOL_TX("low_mempool_tx", Kind.INTEGER, 0L, Policy::lowMempoolTx, nonNegative()),
    HIGH_MEMPOOL_TX("high_mempool_tx", Kind.INTEGER, 50L, Policy::highMempoolTx, nonNegative()),
    MIN_TOTAL_FEES("min_total_fees", Kind.INTEGER, 0L, Policy::minTotalFees, nonNegative()),
    MAX_TX_COUNT("max_tx_count", Kind.INTEGER, 10_000L, Policy::maxTxCount, nonNegative()),
    REJECT_EMPTY_TEMPLATES("reject_empty_templates", Kind.BOOLEAN, true, Policy::rejectEmptyTemplates, anything()),
    REJECT_COINBASE_ZERO("reject_coinbase_zero", Kind.BOOLEAN, true, Policy::rejectCoinbaseZero, anything()),
    UNKNOWN_MEMPOOL_AS_HIGH("unknown_mempool_as_high", Kind.BOOLEAN, true, Policy::unknownMempoolAsHigh, anything()),
    MAX_WEIGHT_RATIO("max_weight_ratio", Kind.FLOAT, 0.999, Policy::maxWeightRatio, unitInterval()),
    MAX_TEMPLATE_AGE_SECS("max_template_age_secs", Kind.INTEGER, 30L, Policy::maxTemplateAgeSecs, nonNegative()),
    MAX_SIGOPS_COST("max_sigops_cost", Kind.INTEGER, 80_000L, Policy::maxSigopsCost, nonNegative()),
    MAX_COINBASE_SIGOPS("max_coinbase_sigops", Kind.INTEGER, 20_000L, Policy::maxCoinbaseSigops, nonNegative()),
    COINBASE_RESERVED_WEIGHT(
            "coinbase_reserved_weight",
            Kind.INTEGER,
            4000L,
            Policy::coinbaseReservedWeight,
            between(0, Policy.MAX_BLOCK_WEIGHT, ""));

    enum Kind {
        INTEGER,
        BOOLEAN,
        FLOAT
    }

    /** The problem a value of one key has on its own, or null. */
    @FunctionalInterface
    interface Rule {
        @Nullable
        String problem(Object value);
    }

    private final String tomlName;
    private final Kind kind;
    private final Object defaultValue;
    private final Function<Policy, Object> accessor;
    private final Rule rule;

    PolicyKey(String tomlName, Kind kind, Object defaultValue, Function<Policy, Object> accessor, Rule rule) {
        this.tomlName = tomlName;
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.accessor = accessor;
        this.rule = rule;
    }

    String tomlName() {
        return tomlName;
    }

    Kind kind() {
        return kind;
    }

    /** The product default ({@link Policy#DEFAULTS}, the shipped config/policy.toml). */
    Object defaultValue() {
        return defaultValue;
    }

    /** This key's value in {@code policy}. */
    Object valueIn(Policy policy) {
        return accessor.apply(policy);
    }

    /** The key whose value this one must not exceed, if any. */
    @Nullable
    PolicyKey notAbove() {
        return switch (this) {
            case MIN_AVG_FEE_LO -> MIN_AVG_FEE_MID;
            case MIN_AVG_FEE_MID -> MIN_AVG_FEE_HI;
            case LOW_MEMPOOL_TX -> HIGH_MEMPOOL_TX;
            default -> null;
        };
    }

    static @Nullable PolicyKey fromTomlName(String name) {
        for (PolicyKey key : values()) {
            if (key.tomlName.equals(name)) {
                return key;
            }
        }
        return null;
    }

    /**
     * Every rule the given values break, in key order, then the orderings; shared by the {@link Policy} constructor
     * and {@link PolicyParser}.
     */
    static List<PolicyViolation> violations(Function<PolicyKey, Object> values) {
        List<PolicyViolation> violations = new ArrayList<>(0);
        for (PolicyKey key : values()) {
            String problem = key.rule.problem(values.apply(key));
            if (problem != null) {
                violations.add(PolicyViolation.of(key, problem));
            }
        }
        for (PolicyKey lower : values()) {
            PolicyKey upper = lower.notAbove();
            if (upper == null) {
                continue;
            }
            long lowerValue = (Long) values.apply(lower);
            long upperValue = (Long) values.apply(upper);
            if (lowerValue > upperValue) {
                violations.add(new PolicyViolation(
                        upper,
                        lower,
                        lower.tomlName + " (" + lowerValue + ") must not exceed " + upper.tomlName + " (" + upperValue
                                + ")"));
            }
        }
        return violations;
    }

    private static Rule between(long min, long max, String note) {
        return value -> {
            long number = (Long) value;
            return number < min || number > max
                    ? "must be between " + min + " and " + max + note + ", got " + number
                    : null;
        };
    }

    private static Rule nonNegative() {
        return value -> (Long) value < 0 ? "must not be negative, got " + value : null;
    }

    private static Rule unitInterval() {
        return value -> {
            double ratio = (Double) value;
            return ratio > 0 && ratio <= 1 ? null : "must be in (0, 1], got " + ratio;
        };
    }

    private static Rule anything() {
        return value -> null;
    }
}
