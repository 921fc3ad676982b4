package org.reservegrid.common.reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayReasonTests {
    /** The product description's lists, verbatim and in order: the public contract. */
    private static final List<String> DOCUMENTED = List.of(
            "share_difficulty_below_target",
            "share_replay_detected",
            "share_rate_limited",
            "ntime_out_of_range",
            "share_invalid_job_id",
            "share_invalid_nonce",
            "version_bit_violation",
            "share_forward_failed",
            "share_upstream_rejected",
            "share_dropped_queue_full",
            "process_crash_recovery",
            "noise_handshake_failed",
            "noise_handshake_timeout",
            "unsupported_protocol_version",
            "frame_decode_error",
            "frame_too_large",
            "connection_rate_limited",
            "peer_quota_exceeded",
            "channel_open_rejected",
            "channel_limit_exceeded",
            "extended_channel_unsupported",
            "miner_unauthorized",
            "shutdown_drain");

    @Test
    void codesAreExactlyTheDocumentedListInOrder() {
        assertThat(Arrays.stream(GatewayReason.values()).map(GatewayReason::code))
                .containsExactlyElementsOf(DOCUMENTED);
    }

    @Test
    void everyCodeRoundTripsThroughItsString() {
        for (GatewayReason reason : GatewayReason.values()) {
            assertThat(GatewayReason.fromCode(reason.code())).isSameAs(reason);
            assertThat(reason).hasToString(reason.code());
        }
    }

    @Test
    void unknownCodesAreRejected() {
        assertThatThrownBy(() -> GatewayReason.fromCode("frame_too_small"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("frame_too_small");
    }
}
