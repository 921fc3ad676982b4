package org.reservegrid.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.VerifierDecodeException;

/**
 * Splits the byte stream into verifier frames and decodes them into {@link
 * org.reservegrid.protocol.message.VerifierMessage}s.
 *
 * <p>Lifecycle: on the first bad frame it stops reading (all later bytes are discarded, since the stream can no
 * longer be trusted to be aligned) and fires a {@link VerifierFrameRejected} user event; the business handler
 * above answers with a {@code ProtocolError} and closes. No exception escapes to the pipeline.
 */
public final class VerifierFrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameBytes;
    private boolean failed;

    public VerifierFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < VerifierFrames.PREAMBLE_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes too small: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= VerifierFrames.LENGTH_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > maxFrameBytes) {
                reject(
                        ctx,
                        in,
                        new VerifierDecodeException(
                                GatewayReason.FRAME_TOO_LARGE,
                                "frame of " + length + " bytes exceeds the maximum of " + maxFrameBytes));
                return;
            }
            if (length < VerifierFrames.PREAMBLE_BYTES) {
                reject(ctx, in, VerifierDecodeException.malformed("frame length " + length + " is too short"));
                return;
            }
            if (in.readableBytes() < VerifierFrames.LENGTH_BYTES + length) {
                return;
            }
            in.skipBytes(VerifierFrames.LENGTH_BYTES);
            ByteBuf frame = in.readSlice((int) length);
            try {
                out.add(VerifierFrames.decodeFrame(frame));
            } catch (VerifierDecodeException e) {
                reject(ctx, in, e);
                return;
            }
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, VerifierDecodeException error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        ctx.fireUserEventTriggered(new VerifierFrameRejected(error.reason(), error.getMessage()));
    }
}
