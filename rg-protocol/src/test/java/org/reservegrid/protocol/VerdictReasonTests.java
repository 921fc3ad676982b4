package org.reservegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictReasonTests {
    /** The product description's verdict reason codes, verbatim and in its order. */
    private static final List<String> DOCUMENTED = List.of(
            "protocol_version_mismatch",
            "invalid_prev_hash",
            "prev_hash_len_mismatch",
            "coinbase_value_zero_rejected",
            "empty_template_rejected",
            "tx_count_exceeded",
            "total_fees_below_minimum",
            "avg_fee_below_minimum",
            "weight_ratio_exceeded",
            "template_too_old",
            "sigops_budget_exceeded",
            "coinbase_sigops_exceeded",
            "policy_load_error",
            "mempool_backend_unavailable",
            "internal_error");

    @Test
    void textsAreExactlyTheDocumentedListInOrder() {
        assertThat(Arrays.stream(VerdictReason.values()).map(VerdictReason::text))
                .containsExactlyElementsOf(DOCUMENTED);
    }

    @Test
    void wireCodesAndTextsRoundTrip() {
        for (VerdictReason reason : VerdictReason.values()) {
            assertThat(VerdictReason.fromCode(reason.code())).isSameAs(reason);
            assertThat(VerdictReason.fromText(reason.text())).isSameAs(reason);
        }
    }

    @Test
    void unknownCodesAndTextsAreRejected() {
        assertThatThrownBy(() -> VerdictReason.fromCode(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerdictReason.fromCode(255)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerdictReason.fromText("fee_too_low")).isInstanceOf(IllegalArgumentException.class);
    }
}
