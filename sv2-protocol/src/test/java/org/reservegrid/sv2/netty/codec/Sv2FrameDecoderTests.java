package org.reservegrid.sv2.netty.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.TestVectors;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import org.reservegrid.sv2.message.CloseChannel;
import org.reservegrid.sv2.message.Frames;
import org.reservegrid.sv2.message.Sv2Message;
import tools.jackson.databind.JsonNode;

/**
 * {@link Sv2FrameDecoder} as it runs behind the Noise handler: one decrypted frame per buffer. Uses the derived
 * vector frames for the full pipeline.
 */
class Sv2FrameDecoderTests {

    private final EventRecorder recorder = new EventRecorder();

    private EmbeddedChannel channel(int maxMessageLength) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Sv2Pipelines.addAfterNoise(channel.pipeline(), maxMessageLength);
        channel.pipeline().addLast(recorder);
        return channel;
    }

    @Test
    void everyDerivedVectorFramePassesTheFullPipelineBothWays() {
        EmbeddedChannel channel = channel(Sv2FrameHeader.DEFAULT_MAX_MESSAGE_LENGTH);
        List<String> frames = new ArrayList<>();
        for (JsonNode node : TestVectors.json("derived/sv2-handshake-and-frames.derived.json")
                .get("messages")) {
            frames.add(node.get("frame_hex").asString());
        }

        for (String frame : frames) {
            channel.writeInbound(Frames.buffer(frame));
            Sv2Message message = channel.readInbound();
            channel.writeOutbound(message);
            ByteBuf encoded = channel.readOutbound();
            assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(frame);
            encoded.release();
        }
        assertThat(frames).hasSize(18);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void aValidFramePassesOnUnchanged() {
        EmbeddedChannel channel = new EmbeddedChannel(new Sv2FrameDecoder(64), recorder);
        ByteBuf frame = Frames.buffer("0080" + "18" + "0d0000" + "01000000" + "08" + "73687574646f776e");

        channel.writeInbound(frame);

        ByteBuf passed = channel.readInbound();
        assertThat(passed).isSameAs(frame);
        assertThat(passed.refCnt()).isEqualTo(1);
        assertThat(Frames.decode(ByteBufUtil.getBytes(passed))).isEqualTo(new CloseChannel(1, "shutdown"));
        passed.release();
    }

    @Test
    void aFrameAboveTheLimitIsTooLargeFromItsHeaderAlone() {
        EmbeddedChannel channel = channel(64);
        ByteBuf frame = Frames.buffer("0000" + "10" + "410000" + "00".repeat(65)); // 65 payload bytes, limit 64

        channel.writeInbound(frame);

        assertThat(recorder.protocolErrors())
                .singleElement()
                .extracting(Sv2ProtocolErrorEvent::reason)
                .isEqualTo(GatewayReason.FRAME_TOO_LARGE);
        assertThat(channel.isOpen()).isFalse();
        assertThat(frame.refCnt()).isZero();
        channel.checkException();
    }

    @Test
    void aBufferThatDisagreesWithItsHeaderIsMalformed() {
        EmbeddedChannel channel = channel(64);

        channel.writeInbound(Frames.buffer("0080" + "03" + "040000" + "07000000" + "07000000")); // two frames' worth

        assertThat(recorder.protocolErrors())
                .singleElement()
                .extracting(Sv2ProtocolErrorEvent::reason)
                .isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aBufferShorterThanAHeaderIsMalformed() {
        EmbeddedChannel channel = channel(64);

        channel.writeInbound(Frames.buffer("000010"));

        assertThat(recorder.protocolErrors())
                .singleElement()
                .extracting(Sv2ProtocolErrorEvent::reason)
                .isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
    }

    @Test
    void anUnknownTypeIsRejectedAtTheHeader() {
        EmbeddedChannel channel = channel(64);
        ByteBuf unknown = Frames.buffer("0000" + "1e" + "000000");
        ByteBuf later = Frames.buffer("000001060000" + "0200" + "00000000");

        channel.writeInbound(unknown, later);

        assertThat(recorder.protocolErrors()).hasSize(1);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(later.refCnt()).isZero();
    }

    @Test
    void theLimitMustFitAU24() {
        assertThatThrownBy(() -> new Sv2FrameDecoder(1 << 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sv2StreamFrameDecoder(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
