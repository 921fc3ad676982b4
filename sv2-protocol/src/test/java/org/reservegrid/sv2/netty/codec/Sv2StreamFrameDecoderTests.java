package org.reservegrid.sv2.netty.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.Frames;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.Sv2Message;

/** {@link Sv2StreamFrameDecoder} on an unencrypted byte stream, as test links use it. */
class Sv2StreamFrameDecoderTests {

    private final EventRecorder recorder = new EventRecorder();

    private EmbeddedChannel channel(int maxMessageLength) {
        EmbeddedChannel channel = new EmbeddedChannel();
        Sv2Pipelines.addPlaintextStream(channel.pipeline(), maxMessageLength);
        channel.pipeline().addLast(recorder);
        return channel;
    }

    private static List<Sv2Message> readAll(EmbeddedChannel channel) {
        List<Sv2Message> messages = new ArrayList<>();
        for (Sv2Message message = channel.readInbound(); message != null; message = channel.readInbound()) {
            messages.add(message);
        }
        return messages;
    }

    @Test
    void framesArrivingOneByteAtATimeDecodeInOrder() {
        EmbeddedChannel channel = channel(1024);
        List<Sv2Message> sent = List.of(
                new SetupConnectionSuccess(2, 0),
                new NewMiningJob(1, 1, java.util.OptionalLong.empty(), 0x2000_0000L, U256.MAX),
                new SetNewPrevHash(1, 1, U256.ZERO, 1_745_596_910L, 0x207f_ffffL));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        sent.forEach(message -> stream.writeBytes(Frames.encode(message)));

        for (byte b : stream.toByteArray()) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }

        assertThat(readAll(channel)).isEqualTo(sent);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void anOversizedFrameIsRejectedAsSoonAsItsHeaderArrives() {
        EmbeddedChannel channel = channel(64 * 1024);

        channel.writeInbound(Frames.buffer("0000" + "00" + "000010")); // SetupConnection claiming 1 MiB, no payload

        assertThat(recorder.protocolErrors())
                .singleElement()
                .extracting(Sv2ProtocolErrorEvent::reason)
                .isEqualTo(GatewayReason.FRAME_TOO_LARGE);
        assertThat(channel.isOpen()).isFalse();
        channel.checkException();
    }

    @Test
    void anUnknownTypeIsRejectedBeforeItsPayloadIsBuffered() {
        EmbeddedChannel channel = channel(64 * 1024);

        channel.writeInbound(Frames.buffer("0000" + "99" + "00f000")); // unknown type 0x99, 61,440 bytes announced

        assertThat(recorder.protocolErrors())
                .singleElement()
                .extracting(Sv2ProtocolErrorEvent::reason)
                .isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aMalformedPayloadClosesAndLaterBytesAreIgnored() {
        EmbeddedChannel channel = channel(1024);
        ByteBuf input = Frames.buffer("0080" + "03" + "030000" + "070000" // ChannelEndpointChanged one byte short
                + "000001060000" + "0200" + "00000000"); // a valid frame after it

        channel.writeInbound(input);

        assertThat(recorder.protocolErrors()).hasSize(1);
        assertThat(readAll(channel)).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(input.refCnt()).isZero();
        channel.checkException();
    }

    @Test
    void aPartialFrameAtCloseIsDroppedQuietly() {
        EmbeddedChannel channel = channel(1024);

        channel.writeInbound(Frames.buffer("000001060000" + "0200")); // header and 2 of 6 payload bytes
        channel.close();

        assertThat(readAll(channel)).isEmpty();
        assertThat(recorder.protocolErrors()).isEmpty();
        channel.checkException();
    }
}
