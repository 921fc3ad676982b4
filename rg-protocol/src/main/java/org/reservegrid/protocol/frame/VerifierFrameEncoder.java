package org.reservegrid.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.reservegrid.protocol.message.VerifierMessage;

/** Writes {@link VerifierMessage}s as frames; stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
public final class VerifierFrameEncoder extends MessageToByteEncoder<VerifierMessage> {
    public VerifierFrameEncoder() {
        super(VerifierMessage.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, VerifierMessage message, boolean preferDirect) {
        int size = VerifierFrames.LENGTH_BYTES + VerifierFrames.PREAMBLE_BYTES + message.encodedLength();
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, VerifierMessage message, ByteBuf out) {
        VerifierFrames.writeFrame(out, message, message.encodedLength());
    }
}
