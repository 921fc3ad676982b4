package org.reservegrid.gateway.share;

import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.message.SubmitSharesErrorCode;

/**
 * Each way the gateway refuses a share: its SubmitShares.Error code (sv2-protocol's enum: the reference pool's codes,
 * plus {@code rate-limited} and {@code server-busy}) and the GatewayReason it is counted under. docs/sv2-gateway.md
 * carries the same table.
 */
public enum Sv2ShareErrors {
    STALE_SHARE(SubmitSharesErrorCode.STALE_SHARE, GatewayReason.SHARE_INVALID_JOB_ID),
    INVALID_JOB_ID(SubmitSharesErrorCode.INVALID_JOB_ID, GatewayReason.SHARE_INVALID_JOB_ID),
    NTIME_OUT_OF_RANGE(SubmitSharesErrorCode.INVALID_SHARE, GatewayReason.NTIME_OUT_OF_RANGE),
    NON_ROLLABLE_VERSION_BIT(
            SubmitSharesErrorCode.INVALID_NON_ROLLABLE_VERSION_BIT, GatewayReason.VERSION_BIT_VIOLATION),
    DUPLICATE_SHARE(SubmitSharesErrorCode.DUPLICATE_SHARE, GatewayReason.SHARE_REPLAY_DETECTED),
    DIFFICULTY_TOO_LOW(SubmitSharesErrorCode.DIFFICULTY_TOO_LOW, GatewayReason.SHARE_DIFFICULTY_BELOW_TARGET),
    /** A share for a channel that is not open on the connection: out of state. */
    INVALID_CHANNEL_ID(SubmitSharesErrorCode.INVALID_CHANNEL_ID, GatewayReason.CHANNEL_NOT_OPEN),
    RATE_LIMITED(SubmitSharesErrorCode.RATE_LIMITED, GatewayReason.SHARE_RATE_LIMITED),
    /** The share log's queue is full (the disk does not keep up): refused rather than acknowledged and lost. */
    SHARE_LOG_FULL(SubmitSharesErrorCode.SERVER_BUSY, GatewayReason.SHARE_DROPPED_QUEUE_FULL),
    /** The share log cannot write (disk full, read-only, gone): refused rather than acknowledged and lost. */
    SHARE_LOG_FAILED(SubmitSharesErrorCode.SERVER_BUSY, GatewayReason.SHARE_FORWARD_FAILED);

    private final SubmitSharesErrorCode code;
    private final GatewayReason reason;

    Sv2ShareErrors(SubmitSharesErrorCode code, GatewayReason reason) {
        this.code = code;
        this.reason = reason;
    }

    public SubmitSharesErrorCode code() {
        return code;
    }

    public GatewayReason reason() {
        return reason;
    }

    public ShareOutcome.Rejected reject(String detail) {
        return new ShareOutcome.Rejected(code, reason, detail);
    }
}
