package org.reservegrid.verifier.policy;

import org.jspecify.annotations.Nullable;

/** The keys of the {@code [policy]} table, in canonical order (the order of the {@link Policy} components). */
enum PolicyKey {
    PROTOCOL_VERSION("protocol_version", Kind.INTEGER),
    REQUIRED_PREVHASH_LEN("required_prevhash_len", Kind.INTEGER),
    MIN_AVG_FEE_LO("min_avg_fee_lo", Kind.INTEGER),
    MIN_AVG_FEE_MID("min_avg_fee_mid", Kind.INTEGER),
    MIN_AVG_FEE_HI("min_avg_fee_hi", Kind.INTEGER),
    LOW_MEMPOOL_TX("low_mempool_tx", Kind.INTEGER),
    HIGH_MEMPOOL_TX("high_mempool_tx", Kind.INTEGER),
    MIN_TOTAL_FEES("min_total_fees", Kind.INTEGER),
    MAX_TX_COUNT("max_tx_count", Kind.INTEGER),
    REJECT_EMPTY_TEMPLATES("reject_empty_templates", Kind.BOOLEAN),
    REJECT_COINBASE_ZERO("reject_coinbase_zero", Kind.BOOLEAN),
    UNKNOWN_MEMPOOL_AS_HIGH("unknown_mempool_as_high", Kind.BOOLEAN),
    MAX_WEIGHT_RATIO("max_weight_ratio", Kind.FLOAT),
    MAX_TEMPLATE_AGE_SECS("max_template_age_secs", Kind.INTEGER),
    MAX_SIGOPS_COST("max_sigops_cost", Kind.INTEGER),
    MAX_COINBASE_SIGOPS("max_coinbase_sigops", Kind.INTEGER),
    COINBASE_RESERVED_WEIGHT("coinbase_reserved_weight", Kind.INTEGER);

    enum Kind {
        INTEGER,
        BOOLEAN,
        FLOAT
    }

    private final String tomlName;
    private final Kind kind;

    PolicyKey(String tomlName, Kind kind) {
        this.tomlName = tomlName;
        this.kind = kind;
    }

    String tomlName() {
        return tomlName;
    }

    Kind kind() {
        return kind;
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
