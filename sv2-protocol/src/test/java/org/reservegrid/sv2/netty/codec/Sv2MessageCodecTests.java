package org.reservegrid.sv2.netty.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.message.Frames;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.SetTarget;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.Sv2Message;

/** {@link Sv2MessageCodec} in an {@link EmbeddedChannel}: whole frames in, records out, and the reverse. */
class Sv2MessageCodecTests {

    private static final String OPEN_STANDARD_MINING_CHANNEL_FRAME = "000010350000" // header: 0x10, 53 bytes
            + "0a000000" // request_id 10
            + "0c" + "757365722e776f726b657231" // user_identity "user.worker1"
            + "a5d46853" // nominal_hash_rate 1e12
            + "ff".repeat(32); // max_target

    private final EventRecorder recorder = new EventRecorder();
    private final EmbeddedChannel channel = new EmbeddedChannel(new Sv2MessageCodec(), recorder);

    @Test
    void aWholeFrameBecomesItsMessageRecord() {
        ByteBuf frame = Frames.buffer(OPEN_STANDARD_MINING_CHANNEL_FRAME);

        channel.writeInbound(frame);

        OpenStandardMiningChannel message = channel.readInbound();
        assertThat(message.requestId()).isEqualTo(10);
        assertThat(message.userIdentity().asString()).isEqualTo("user.worker1");
        assertThat(frame.refCnt()).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aMessageBecomesOneBufferHoldingItsWholeFrame() {
        Sv2Message message = new SetupConnectionSuccess(2, 0);

        channel.writeOutbound(message);

        ByteBuf frame = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(frame)).isEqualTo("000001060000" + "0200" + "00000000");
        assertThat(channel.<Object>readOutbound()).isNull();
        frame.release();
    }

    @Test
    void channelMessagesAreSentWithTheChannelBit() {
        channel.writeOutbound(new SetTarget(1, org.reservegrid.sv2.binary.U256.MAX));

        ByteBuf frame = channel.readOutbound();
        assertThat(ByteBufUtil.hexDump(frame, 0, 6)).isEqualTo("0080" + "21" + "240000");
        frame.release();
    }

    @Test
    void aMalformedFrameFiresTheReasonClosesAndDropsLaterFrames() {
        ByteBuf truncated = Frames.buffer("0080" + "21" + "240000" + "01000000"); // SetTarget missing its target
        ByteBuf later = Frames.buffer(OPEN_STANDARD_MINING_CHANNEL_FRAME);

        channel.writeInbound(truncated, later);

        assertThat(recorder.protocolErrors())
                .singleElement()
                .extracting(Sv2ProtocolErrorEvent::reason)
                .isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
        assertThat(channel.<Object>readInbound()).isNull();
        assertThat(channel.isOpen()).isFalse();
        assertThat(truncated.refCnt()).isZero();
        assertThat(later.refCnt()).isZero();
        channel.checkException();
    }

    @Test
    void anUnknownMessageTypeIsAReasonedCloseNotAnException() {
        channel.writeInbound(Frames.buffer("0000" + "1e" + "000000")); // reserved type 0x1e

        assertThat(recorder.protocolErrors()).singleElement().satisfies(event -> {
            assertThat(event.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
            assertThat(event.detail()).contains("unknown message type 0x1e");
        });
        assertThat(channel.isOpen()).isFalse();
        channel.checkException();
    }
}
