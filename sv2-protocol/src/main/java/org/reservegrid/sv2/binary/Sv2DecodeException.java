package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import org.reservegrid.common.reason.GatewayReason;

/**
 * Malformed or oversized Stratum V2 input. Carries the gateway reason a connection is closed with:
 * {@link GatewayReason#FRAME_DECODE_ERROR} or {@link GatewayReason#FRAME_TOO_LARGE}. It is the only exception
 * the decoders of this module throw for bad input; no stack trace is captured because bad input from the
 * network is an expected event, not a defect.
 */
public final class Sv2DecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final GatewayReason reason;

    private Sv2DecodeException(GatewayReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** Input that does not follow the wire format (truncated, out of bounds, unknown code, trailing bytes). */
    public static Sv2DecodeException malformed(String message) {
        return new Sv2DecodeException(GatewayReason.FRAME_DECODE_ERROR, message);
    }

    /** A frame whose declared length exceeds the configured maximum. */
    public static Sv2DecodeException tooLarge(String message) {
        return new Sv2DecodeException(GatewayReason.FRAME_TOO_LARGE, message);
    }

    /** Why the input was rejected: {@code FRAME_DECODE_ERROR} or {@code FRAME_TOO_LARGE}. */
    public GatewayReason reason() {
        return reason;
    }

    /**
     * Fails unless {@code in} holds at least {@code length} more readable bytes, so that no read ever runs past
     * the end of a buffer.
     */
    public static void requireReadable(ByteBuf in, int length, String what) {
        if (in.readableBytes() < length) {
            throw malformed(what + " needs " + length + " bytes but only " + in.readableBytes() + " remain");
        }
    }
}
