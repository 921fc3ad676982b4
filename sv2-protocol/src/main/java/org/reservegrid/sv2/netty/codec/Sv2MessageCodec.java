package org.reservegrid.sv2.netty.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.message.Sv2Messages;

/**
 * Converts between whole plaintext frames ({@code ByteBuf}: 6-byte header and payload) and {@link Sv2Message}
 * records. Inbound, each buffer must hold exactly one frame, as {@link Sv2FrameDecoder} or
 * {@link Sv2StreamFrameDecoder} deliver them; outbound, each message becomes one buffer holding one whole frame,
 * which is what the Noise transport handler encrypts as a unit.
 *
 * <p>Lifecycle: one instance per channel. The first malformed frame fires a {@link Sv2ProtocolErrorEvent}, closes
 * the channel, and every later inbound frame is dropped.
 */
public final class Sv2MessageCodec extends MessageToMessageCodec<ByteBuf, Sv2Message> {

    private boolean failed;

    public Sv2MessageCodec() {
        super(ByteBuf.class, Sv2Message.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Sv2Message message, List<Object> out) {
        out.add(Sv2Messages.encodeFrame(message, ctx.alloc()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        if (failed) {
            return;
        }
        try {
            out.add(Sv2Messages.decodeFrame(frame));
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
