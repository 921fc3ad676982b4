package org.reservegrid.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.TransactionTable;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.protocol.message.VerifierMessage;

class VerifierFrameDecoderTests {
    private final List<VerifierFrameRejected> rejections = new ArrayList<>();

    private EmbeddedChannel channel(int maxFrameBytes) {
        return new EmbeddedChannel(new VerifierFrameDecoder(maxFrameBytes), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof VerifierFrameRejected rejected) {
                    rejections.add(rejected);
                }
            }
        });
    }

    private static TemplatePropose propose(long requestId, int txCount) {
        TransactionTable.Builder table = TransactionTable.builder(txCount);
        for (int i = 0; i < txCount; i++) {
            table.add(new byte[32], i, 400, 1);
        }
        return new TemplatePropose(requestId, 2, "00".repeat(32), 1, 0x207fffff, 1, 1, 50, 0, table.build());
    }

    @Test
    void decodesPipelinedFramesSplitAtEveryByteBoundary() {
        EmbeddedChannel channel = channel(VerifierFrames.DEFAULT_MAX_FRAME_BYTES);
        ByteBuf stream = Unpooled.buffer();
        List<VerifierMessage> sent = List.of(
                propose(1, 3), propose(2, 0), TemplateVerdict.accept(1, VerdictContext.empty(FeeTier.LO, 0, 1)));
        for (VerifierMessage message : sent) {
            stream.writeBytes(VerifierFrames.encode(ByteBufAllocator.DEFAULT, message));
        }

        while (stream.isReadable()) {
            channel.writeInbound(stream.readRetainedSlice(1));
        }

        List<Object> received = new ArrayList<>();
        for (Object message; (message = channel.readInbound()) != null; ) {
            received.add(message);
        }
        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(rejections).isEmpty();
    }

    @Test
    void rejectsAnOversizedFrameFromItsHeaderBeforeBufferingTheBody() {
        EmbeddedChannel channel = channel(1024);
        ByteBuf header = Unpooled.buffer().writeInt(1025).writeByte(1).writeByte(1);

        channel.writeInbound(header);

        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(GatewayReason.FRAME_TOO_LARGE);
            assertThat(r.detail()).contains("1025");
        });
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void rejectsAnUnknownTypeAndIgnoresEverythingAfterIt() {
        EmbeddedChannel channel = channel(1024);
        ByteBuf garbage =
                Unpooled.buffer().writeInt(3).writeByte(99).writeByte(1).writeByte(0);
        garbage.writeBytes(VerifierFrames.encode(ByteBufAllocator.DEFAULT, propose(1, 1)));

        channel.writeInbound(garbage);

        assertThat(rejections)
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void rejectsAnUnsupportedMessageVersionWithItsOwnReason() {
        EmbeddedChannel channel = channel(1024);

        channel.writeInbound(Unpooled.buffer().writeInt(2).writeByte(1).writeByte(9));

        assertThat(rejections)
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(GatewayReason.UNSUPPORTED_PROTOCOL_VERSION));
    }

    @Test
    void rejectsAFrameTooShortForItsPreamble() {
        EmbeddedChannel channel = channel(1024);

        channel.writeInbound(Unpooled.buffer().writeInt(1).writeByte(1));

        assertThat(rejections)
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
    }

    @Test
    void encoderWritesTheSameBytesAsTheStaticEncoder() {
        EmbeddedChannel channel = new EmbeddedChannel(new VerifierFrameEncoder());
        TemplatePropose propose = propose(77, 5);

        channel.writeOutbound(propose);
        ByteBuf written = channel.readOutbound();

        assertThat(ByteBufUtilEquals.equal(written, VerifierFrames.encode(ByteBufAllocator.DEFAULT, propose)))
                .isTrue();
    }

    private static final class ByteBufUtilEquals {
        static boolean equal(ByteBuf a, ByteBuf b) {
            return io.netty.buffer.ByteBufUtil.equals(a, b);
        }
    }
}
