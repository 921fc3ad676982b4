package org.reservegrid.common.reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
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

    /**
     * The gateway's finer setup-refusal and out-of-state codes, after the product list, as docs/sv2-gateway.md
     * documents them (its "SV2 error codes and GatewayReason" table).
     */
    private static final List<String> GATEWAY_REFINEMENTS = List.of(
            "unsupported_protocol",
            "unsupported_feature_flags",
            "setup_connection_timeout",
            "message_before_setup",
            "setup_connection_repeated",
            "server_only_message",
            "channel_not_open");

    @Test
    void codesAreExactlyTheDocumentedListInOrderThenTheGatewaysRefinements() {
        assertThat(Arrays.stream(GatewayReason.values()).map(GatewayReason::code))
                .containsExactlyElementsOf(Stream.concat(DOCUMENTED.stream(), GATEWAY_REFINEMENTS.stream())
                        .toList());
    }

    @Test
    void everyRefinementIsDocumentedWithTheGateway() throws Exception {
        // Maven runs tests in the module directory; the docs are the repository's.
        String gatewayDocs = Files.readString(Path.of("..", "docs", "sv2-gateway.md"));
        for (String code : GATEWAY_REFINEMENTS) {
            assertThat(gatewayDocs).as(code).contains("`" + code + "`");
        }
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
