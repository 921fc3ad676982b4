package org.reservegrid.sv2.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * Cuts an unencrypted byte stream into whole plaintext frames (header and payload in one {@code ByteBuf}), for
 * test links and tools that run without Noise. The header is checked as soon as its 6 bytes arrive, before any
 * payload is buffered: a payload above the configured maximum is rejected with {@code FRAME_TOO_LARGE}, an
 * unknown message type with {@code FRAME_DECODE_ERROR}. At most one maximum-size frame is ever buffered.
 *
 * <p>Lifecycle: one instance per channel. After the first rejection it fires a {@link Sv2ProtocolErrorEvent},
 * closes the channel and discards every later byte.
 */
public final class Sv2StreamFrameDecoder extends ByteToMessageDecoder {

    private final int maxMessageLength;
    private boolean failed;

    /** Limits payloads to {@link Sv2FrameHeader#DEFAULT_MAX_MESSAGE_LENGTH}. */
    public Sv2StreamFrameDecoder() {
        this(Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
    }

    /** Limits payloads to {@code maxMessageLength} bytes (header excluded), at most 16,777,215. */
    public Sv2StreamFrameDecoder(int maxMessageLength) {
        this.maxMessageLength = ProtocolErrors.requireMaxMessageLength(maxMessageLength);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < Sv2FrameHeader.LENGTH) {
            return;
        }
        try {
            Sv2FrameHeader header =
                    ProtocolErrors.checkHeader(Sv2FrameHeader.peek(in, in.readerIndex()), maxMessageLength);
            if (in.readableBytes() >= header.frameLength()) {
                out.add(in.readRetainedSlice(header.frameLength()));
            }
        } catch (Sv2DecodeException e) {
            fail(ctx, in, e);
        } catch (RuntimeException e) {
            fail(ctx, in, ProtocolErrors.unexpected(e));
        }
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, Sv2DecodeException error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ProtocolErrors.closeWith(ctx, error);
    }
}
