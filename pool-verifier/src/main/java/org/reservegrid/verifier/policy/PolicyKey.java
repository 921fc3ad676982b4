package org.reservegrid.verifier.policy;

import org.jspecify.annotations.Nullable;

/** The keys of the {@code [policy]} table, in canonical order (the order of the {@link Policy} components). */
enum PolicyKey {
    PROTOCOL_VERSION("protocol_version", Kind.INTEGER, null),
    REQUIRED_PREVHASH_LEN("required_prevhash_len", Kind.INTEGER, null),
    MIN_AVG_FEE_LO("min_avg_fee_lo", Kind.INTEGER, null),
    MIN_AVG_FEE_MID("min_avg_fee_mid", Kind.INTEGER, "min_avg_fee_lo"),
    MIN_AVG_FEE_HI("min_avg_fee_hi", Kind.INTEGER, "min_avg_fee_mid"),
    LOW_MEMPOOL_TX("low_mempool_tx", Kind.INTEGER, null),
    HIGH_MEMPOOL_TX("high_mempool_tx", Kind.INTEGER, "low_mempool_tx"),
    MIN_TOTAL_FEES("min_total_fees", Kind.INTEGER, null),
    MAX_TX_COUNT("max_tx_count", Kind.INTEGER, null),
    REJECT_EMPTY_TEMPLATES("reject_empty_templates", Kind.BOOLEAN, null),
    REJECT_COINBASE_ZERO("reject_coinbase_zero", Kind.BOOLEAN, null),
    UNKNOWN_MEMPOOL_AS_HIGH("unknown_mempool_as_high", Kind.BOOLEAN, null),
    MAX_WEIGHT_RATIO("max_weight_ratio", Kind.FLOAT, null),
    MAX_TEMPLATE_AGE_SECS("max_template_age_secs", Kind.INTEGER, null),
    MAX_SIGOPS_COST("max_sigops_cost", Kind.INTEGER, null),
    MAX_COINBASE_SIGOPS("max_coinbase_sigops", Kind.INTEGER, null),
    COINBASE_RESERVED_WEIGHT("coinbase_reserved_weight", Kind.INTEGER, null);

    enum Kind {
        INTEGER,
        BOOLEAN,
        FLOAT
    }

    private final String tomlName;
    private final Kind kind;
    private final @Nullable String mustNotBeBelow;

    PolicyKey(String tomlName, Kind kind, @Nullable String mustNotBeBelow) {
        this.tomlName = tomlName;
        this.kind = kind;
        this.mustNotBeBelow = mustNotBeBelow;
    }

    String tomlName() {
        return tomlName;
    }

    Kind kind() {
        return kind;
    }

    /** The key this one is ordered against ({@code this >= that}), or null. */
    @Nullable
    String mustNotBeBelow() {
        return mustNotBeBelow;
    }

    static @Nullable PolicyKey fromTomlName(String name) {
        for (PolicyKey key : values()) {
            if (key.tomlName.equals(name)) {
                return key;
            }
        }
        return null;
    }
}
