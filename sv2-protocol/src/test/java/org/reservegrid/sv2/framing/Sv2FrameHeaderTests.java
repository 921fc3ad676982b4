package org.reservegrid.sv2.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.Sv2DecodeException;

/** The 6-byte frame header (INTEROP-NOTES §1), with the framing_sv2 and sv2-tp header vectors of §7. */
class Sv2FrameHeaderTests {

    private static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }

    private static String written(Sv2FrameHeader header) {
        ByteBuf out = Unpooled.buffer();
        header.write(out);
        return ByteBufUtil.hexDump(out);
    }

    @Test
    void framingSv2HeaderVectorDecodesFieldByField() {
        ByteBuf in = hex(
                "0102" // extension_type U16 LE = 0x0201, channel bit clear
                        + "03" // msg_type 3
                        + "040506" // msg_length U24 LE = 0x060504
                );

        Sv2FrameHeader header = Sv2FrameHeader.read(in);

        assertThat(header).isEqualTo(new Sv2FrameHeader(0x0201, false, 3, 0x060504));
        assertThat(header.rawExtensionType()).isEqualTo(0x0201);
        assertThat(header.frameLength()).isEqualTo(6 + 0x060504);
        assertThat(written(header)).isEqualTo("010203040506");
        assertThat(Sv2FrameHeader.read(hex(written(header)))).isEqualTo(header);
    }

    @Test
    void sv2TpSetupConnectionHeaderAnnouncesAnEightyTwoBytePayload() {
        Sv2FrameHeader header = Sv2FrameHeader.read(hex(
                "0000" // extension_type 0
                        + "00" // msg_type SetupConnection
                        + "520000" // msg_length 82
                ));

        assertThat(header).isEqualTo(new Sv2FrameHeader(0, false, 0x00, 82));
    }

    @Test
    void sv2TpTemplateDistributionHeadersEncodeAsDocumented() {
        assertThat(written(new Sv2FrameHeader(0, false, 0x71, 0))).isEqualTo("000071000000"); // NewTemplate
        assertThat(written(new Sv2FrameHeader(0, false, 0x72, 0))).isEqualTo("000072000000"); // SetNewPrevHash
    }

    @Test
    void channelBitIsBit15OfTheLittleEndianExtensionType() {
        ByteBuf in = hex(
                "0080" // extension_type 0 with channel_msg bit: byte[1] & 0x80
                        + "15" // NewMiningJob
                        + "2d0000" // 45 payload bytes
                );

        Sv2FrameHeader header = Sv2FrameHeader.read(in);

        assertThat(header.extensionType()).isZero();
        assertThat(header.channelMessage()).isTrue();
        assertThat(header.rawExtensionType()).isEqualTo(0x8000);
        assertThat(written(header)).isEqualTo("0080152d0000");
    }

    @Test
    void peekReadsWithoutConsuming() {
        ByteBuf in = hex(
                "ffff" // two bytes before the header
                        + "0001" // extension_type 0x0100
                        + "02" // msg_type 2
                        + "0001ff" // msg_length 0xff0100
                );

        Sv2FrameHeader header = Sv2FrameHeader.peek(in, 2);

        assertThat(header).isEqualTo(new Sv2FrameHeader(0x0100, false, 0x02, 0xff0100));
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void aTruncatedHeaderIsMalformed() {
        assertThatThrownBy(() -> Sv2FrameHeader.read(hex("0000000000")))
                .isInstanceOfSatisfying(
                        Sv2DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
        assertThatThrownBy(() -> Sv2FrameHeader.peek(hex("000000000000"), 1)).isInstanceOf(Sv2DecodeException.class);
    }

    @Test
    void aPayloadAboveTheLimitIsTooLarge() {
        Sv2FrameHeader header = new Sv2FrameHeader(0, false, 0x10, 65_537);

        assertThat(header.requireMessageLengthAtMost(65_537)).isSameAs(header);
        assertThatThrownBy(() -> header.requireMessageLengthAtMost(65_536))
                .isInstanceOfSatisfying(
                        Sv2DecodeException.class, e -> assertThat(e.reason()).isEqualTo(GatewayReason.FRAME_TOO_LARGE));
    }

    @Test
    void fieldsOutsideTheirWidthAreRejectedWhenConstructed() {
        assertThatThrownBy(() -> new Sv2FrameHeader(0x8000, false, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sv2FrameHeader(0, false, 256, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sv2FrameHeader(0, false, 0, 1 << 24)).isInstanceOf(IllegalArgumentException.class);
    }
}
