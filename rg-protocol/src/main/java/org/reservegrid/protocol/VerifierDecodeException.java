package org.reservegrid.protocol;

import java.util.Objects;
import org.reservegrid.common.reason.GatewayReason;

/**
 * A verifier frame that cannot be accepted. The reason is what the connection is closed with:
 * {@link GatewayReason#FRAME_TOO_LARGE} or {@link GatewayReason#FRAME_DECODE_ERROR}.
 */
public final class VerifierDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final GatewayReason reason;

    public VerifierDecodeException(GatewayReason reason, String detail) {
        super(reason.code() + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public static VerifierDecodeException malformed(String detail) {
        return new VerifierDecodeException(GatewayReason.FRAME_DECODE_ERROR, detail);
    }

    /** Never null: the constructor always sets the reason code and detail. */
    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    public GatewayReason reason() {
        return reason;
    }
}
