package org.reservegrid.sv2.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * Checks whole plaintext frames as the Noise transport handler delivers them: each inbound {@code ByteBuf} must
 * hold exactly one frame (6-byte header and {@code msg_length} payload bytes). The header is checked first:
 * a payload above the configured maximum is rejected with {@code FRAME_TOO_LARGE}, an unknown message type or a
 * length that does not match the buffer with {@code FRAME_DECODE_ERROR}. Valid frames pass on unchanged.
 *
 * <p>Lifecycle: one instance per channel. After the first rejection it fires a {@link Sv2ProtocolErrorEvent},
 * closes the channel and drops every later frame.
 */
public final class Sv2FrameDecoder extends MessageToMessageDecoder<ByteBuf> {

    private final int maxMessageLength;
    private boolean failed;

    /** Limits payloads to {@link Sv2FrameHeader#DEFAULT_MAX_MESSAGE_LENGTH}. */
    public Sv2FrameDecoder() {
        this(Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
    }

    /** Limits payloads to {@code maxMessageLength} bytes (header excluded), at most 16,777,215. */
    public Sv2FrameDecoder(int maxMessageLength) {
        super(ByteBuf.class);
        this.maxMessageLength = ProtocolErrors.requireMaxMessageLength(maxMessageLength);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (failed) {
            return;
        }
        try {
            Sv2FrameHeader header =
                    ProtocolErrors.checkHeader(Sv2FrameHeader.peek(frame, frame.readerIndex()), maxMessageLength);
            if (frame.readableBytes() != header.frameLength()) {
                throw Sv2DecodeException.malformed("frame buffer holds " + frame.readableBytes()
                        + " bytes but its header declares " + header.frameLength());
            }
            out.add(frame.retain());
        } catch (Sv2DecodeException e) {
            fail(ctx, e);
        } catch (RuntimeException e) {
            fail(ctx, ProtocolErrors.unexpected(e));
        }
    }

    private void fail(ChannelHandlerContext ctx, Sv2DecodeException error) {
        failed = true;
        ProtocolErrors.closeWith(ctx, error);
    }
}
