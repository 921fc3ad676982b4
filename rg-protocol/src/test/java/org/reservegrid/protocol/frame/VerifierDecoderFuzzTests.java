package org.reservegrid.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.reservegrid.protocol.VerifierDecodeException;

/** No byte sequence makes the verifier decoders throw anything but their typed error. */
class VerifierDecoderFuzzTests {
    @Property(tries = 2_000)
    void arbitraryBodiesGiveAMessageOrATypedError(@ForAll @Size(max = 600) byte[] body) {
        try {
            VerifierFrames.decodeFrame(Unpooled.wrappedBuffer(body));
        } catch (VerifierDecodeException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    @Property(tries = 1_000)
    void arbitraryStreamsNeverEscapeTheDecoderAsExceptions(@ForAll @Size(max = 600) byte[] stream) {
        AtomicInteger rejections = new AtomicInteger();
        EmbeddedChannel channel =
                new EmbeddedChannel(new VerifierFrameDecoder(512), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof VerifierFrameRejected) {
                            rejections.incrementAndGet();
                        }
                    }
                });

        channel.writeInbound(Unpooled.wrappedBuffer(stream));
        channel.checkException();
        channel.finishAndReleaseAll();

        assertThat(rejections.get()).isLessThanOrEqualTo(1);
    }
}
