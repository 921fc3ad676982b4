package org.reservegrid.gateway.share;

import org.reservegrid.common.reason.GatewayReason;

/**
 * The SubmitShares.Error codes (the reference pool's strings) and the GatewayReason each one is counted under.
 * docs/sv2-gateway.md carries the same table.
 */
public enum Sv2ShareErrors {
    STALE_SHARE("stale-share", GatewayReason.SHARE_INVALID_JOB_ID),
    INVALID_JOB_ID("invalid-job-id", GatewayReason.SHARE_INVALID_JOB_ID),
    NTIME_OUT_OF_RANGE("invalid-share", GatewayReason.NTIME_OUT_OF_RANGE),
    NON_ROLLABLE_VERSION_BIT("invalid-non-rollable-version-bit", GatewayReason.VERSION_BIT_VIOLATION),
    DUPLICATE_SHARE("duplicate-share", GatewayReason.SHARE_REPLAY_DETECTED),
    DIFFICULTY_TOO_LOW("difficulty-too-low", GatewayReason.SHARE_DIFFICULTY_BELOW_TARGET),
    INVALID_CHANNEL_ID("invalid-channel-id", GatewayReason.SHARE_INVALID_JOB_ID),
    RATE_LIMITED("rate-limited", GatewayReason.SHARE_RATE_LIMITED);

    private final String code;
    private final GatewayReason reason;

    Sv2ShareErrors(String code, GatewayReason reason) {
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public GatewayReason reason() {
        return reason;
    }

    ShareOutcome.Rejected reject(String detail) {
        return new ShareOutcome.Rejected(code, reason, detail);
    }
}
