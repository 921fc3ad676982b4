package org.reservegrid.sv2.netty.codec;

import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.Sv2DecodeException;

/**
 * User event fired towards the business handler just before a codec handler closes the channel because of
 * malformed or oversized input.
 *
 * @param reason {@link GatewayReason#FRAME_DECODE_ERROR} or {@link GatewayReason#FRAME_TOO_LARGE}
 * @param detail what was wrong, for logs (never contains payload bytes beyond a type code)
 */
public record Sv2ProtocolErrorEvent(GatewayReason reason, String detail) {

    static Sv2ProtocolErrorEvent of(Sv2DecodeException error) {
        String message = error.getMessage();
        return new Sv2ProtocolErrorEvent(
                error.reason(), message == null ? error.reason().code() : message);
    }
}
