package org.reservegrid.common.reason;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gateway reason codes: the public contract that metrics, logs and the HTTP API use to label share, connection
 * and protocol events. The snake_case strings never change; UI labels may. The product description's list comes first,
 * in its order; the codes after it refine what the gateway used to count under one of them, and each is documented in
 * docs/sv2-gateway.md.
 */
public enum GatewayReason {
    // Share outcomes.
    SHARE_DIFFICULTY_BELOW_TARGET("share_difficulty_below_target"),
    SHARE_REPLAY_DETECTED("share_replay_detected"),
    SHARE_RATE_LIMITED("share_rate_limited"),
    NTIME_OUT_OF_RANGE("ntime_out_of_range"),
    SHARE_INVALID_JOB_ID("share_invalid_job_id"),
    SHARE_INVALID_NONCE("share_invalid_nonce"),
    VERSION_BIT_VIOLATION("version_bit_violation"),
    SHARE_FORWARD_FAILED("share_forward_failed"),
    SHARE_UPSTREAM_REJECTED("share_upstream_rejected"),
    SHARE_DROPPED_QUEUE_FULL("share_dropped_queue_full"),
    PROCESS_CRASH_RECOVERY("process_crash_recovery"),

    // Connection and protocol outcomes.
    NOISE_HANDSHAKE_FAILED("noise_handshake_failed"),
    NOISE_HANDSHAKE_TIMEOUT("noise_handshake_timeout"),
    UNSUPPORTED_PROTOCOL_VERSION("unsupported_protocol_version"),
    FRAME_DECODE_ERROR("frame_decode_error"),
    FRAME_TOO_LARGE("frame_too_large"),
    CONNECTION_RATE_LIMITED("connection_rate_limited"),
    PEER_QUOTA_EXCEEDED("peer_quota_exceeded"),
    CHANNEL_OPEN_REJECTED("channel_open_rejected"),
    CHANNEL_LIMIT_EXCEEDED("channel_limit_exceeded"),
    EXTENDED_CHANNEL_UNSUPPORTED("extended_channel_unsupported"),
    MINER_UNAUTHORIZED("miner_unauthorized"),
    SHUTDOWN_DRAIN("shutdown_drain"),

    // The gateway's finer connection and protocol outcomes (docs/sv2-gateway.md), after the product list.
    /** SetupConnection for a protocol other than Mining ({@code unsupported-protocol}). */
    UNSUPPORTED_PROTOCOL("unsupported_protocol"),
    /** SetupConnection asking for a feature the pool does not offer ({@code unsupported-feature-flags}). */
    UNSUPPORTED_FEATURE_FLAGS("unsupported_feature_flags"),
    /** No SetupConnection within the setup timeout after the handshake. */
    SETUP_CONNECTION_TIMEOUT("setup_connection_timeout"),
    /** A message other than SetupConnection before the connection was set up. */
    MESSAGE_BEFORE_SETUP("message_before_setup"),
    /** A second SetupConnection on a connection already set up. */
    SETUP_CONNECTION_REPEATED("setup_connection_repeated"),
    /** A message only servers send, received from a client. */
    SERVER_ONLY_MESSAGE("server_only_message"),
    /** A share or UpdateChannel for a channel that is not open on the connection ({@code invalid-channel-id}). */
    CHANNEL_NOT_OPEN("channel_not_open");

    private static final Map<String, GatewayReason> BY_CODE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(GatewayReason::code, Function.identity()));

    private final String code;

    GatewayReason(String code) {
        this.code = code;
    }

    /** The stable snake_case string. */
    public String code() {
        return code;
    }

    /** Looks up a code string; unknown strings are an error, never a silent default. */
    public static GatewayReason fromCode(String code) {
        GatewayReason reason = BY_CODE.get(code);
        if (reason == null) {
            throw new IllegalArgumentException("unknown gateway reason code: " + code);
        }
        return reason;
    }

    @Override
    public String toString() {
        return code;
    }
}
