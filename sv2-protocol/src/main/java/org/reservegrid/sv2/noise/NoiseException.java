package org.reservegrid.sv2.noise;

import org.reservegrid.common.reason.GatewayReason;

/**
 * The typed error of the handshake and the transport: carries the gateway reason a connection is closed with.
 * Stackless, because every instance is caused by peer input.
 */
public final class NoiseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final GatewayReason reason;

    public NoiseException(GatewayReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** Why the connection fails, e.g. {@link GatewayReason#NOISE_HANDSHAKE_FAILED}. */
    public GatewayReason reason() {
        return reason;
    }

    /** Human-readable detail without secrets. */
    public String detail() {
        String message = getMessage();
        return message == null ? reason.code() : message;
    }
}
