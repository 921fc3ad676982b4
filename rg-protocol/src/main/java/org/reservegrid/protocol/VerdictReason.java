package org.reservegrid.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Verdict reason codes of the policy engine. The snake_case string is the public contract (API, logs, metrics,
 * exports); the numeric wire code is what TemplateVerdict frames carry. Policy checks are declared in the order
 * the engine reports them: a verdict's reason_code is its first failure in this order.
 */
public enum VerdictReason {
    PROTOCOL_VERSION_MISMATCH(1, "protocol_version_mismatch"),
    INVALID_PREV_HASH(2, "invalid_prev_hash"),
    PREV_HASH_LEN_MISMATCH(3, "prev_hash_len_mismatch"),
    COINBASE_VALUE_ZERO_REJECTED(4, "coinbase_value_zero_rejected"),
    EMPTY_TEMPLATE_REJECTED(5, "empty_template_rejected"),
    TX_COUNT_EXCEEDED(6, "tx_count_exceeded"),
    TOTAL_FEES_BELOW_MINIMUM(7, "total_fees_below_minimum"),
    AVG_FEE_BELOW_MINIMUM(8, "avg_fee_below_minimum"),
    WEIGHT_RATIO_EXCEEDED(9, "weight_ratio_exceeded"),
    TEMPLATE_TOO_OLD(10, "template_too_old"),
    SIGOPS_BUDGET_EXCEEDED(11, "sigops_budget_exceeded"),
    COINBASE_SIGOPS_EXCEEDED(12, "coinbase_sigops_exceeded"),
    POLICY_LOAD_ERROR(13, "policy_load_error"),
    MEMPOOL_BACKEND_UNAVAILABLE(14, "mempool_backend_unavailable"),
    INTERNAL_ERROR(15, "internal_error");

    private static final Map<String, VerdictReason> BY_TEXT =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(VerdictReason::text, Function.identity()));
    private static final VerdictReason[] BY_CODE = byCode();

    private final int code;
    private final String text;

    VerdictReason(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** Wire code carried in TemplateVerdict frames. */
    public int code() {
        return code;
    }

    /** The stable snake_case string. */
    public String text() {
        return text;
    }

    /** Looks up a wire code; unknown codes are rejected. */
    public static VerdictReason fromCode(int code) {
        if (code <= 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("unknown verdict reason code: " + code);
        }
        return BY_CODE[code];
    }

    /** Looks up a snake_case string; unknown strings are rejected. */
    public static VerdictReason fromText(String text) {
        VerdictReason reason = BY_TEXT.get(text);
        if (reason == null) {
            throw new IllegalArgumentException("unknown verdict reason: " + text);
        }
        return reason;
    }

    private static VerdictReason[] byCode() {
        int max = Arrays.stream(values()).mapToInt(VerdictReason::code).max().orElse(0);
        VerdictReason[] table = new VerdictReason[max + 1];
        for (VerdictReason reason : values()) {
            if (reason.code <= 0 || table[reason.code] != null) {
                throw new ExceptionInInitializerError("invalid or duplicate verdict reason code " + reason.code);
            }
            table[reason.code] = reason;
        }
        return table;
    }

    @Override
    public String toString() {
        return text;
    }
}
