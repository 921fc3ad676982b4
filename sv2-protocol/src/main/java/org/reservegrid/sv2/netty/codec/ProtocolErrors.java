package org.reservegrid.sv2.netty.codec;

import io.netty.channel.ChannelHandlerContext;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.MessageType;

/** The one way the codec handlers react to bad input: tell the business handler, then close. */
final class ProtocolErrors {

    private ProtocolErrors() {}

    static void closeWith(ChannelHandlerContext ctx, Sv2DecodeException error) {
        ctx.fireUserEventTriggered(Sv2ProtocolErrorEvent.of(error));
        ctx.close();
    }

    /**
     * A decoder defect must not escape as a raw exception either; it is reported as a decode error of the input
     * that triggered it.
     */
    static Sv2DecodeException unexpected(RuntimeException error) {
        return Sv2DecodeException.malformed(
                "unexpected decoder failure: " + error.getClass().getSimpleName());
    }

    /** Checks a frame header before its payload is buffered: size limit first, then a known message type. */
    static Sv2FrameHeader checkHeader(Sv2FrameHeader header, int maxMessageLength) {
        header.requireMessageLengthAtMost(maxMessageLength);
        MessageType.fromHeader(header);
        return header;
    }

    static int requireMaxMessageLength(int maxMessageLength) {
        if (maxMessageLength < 0 || maxMessageLength > Sv2FrameHeader.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maximum message length must be within 0.."
                    + Sv2FrameHeader.MAX_MESSAGE_LENGTH + ": " + maxMessageLength);
        }
        return maxMessageLength;
    }
}
