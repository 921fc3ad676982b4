package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/**
 * Fixed-byte Common-message encodings from sv2-tp {@code src/test/sv2_messages_tests.cpp} (INTEROP-NOTES §7), the
 * only independent implementation that ships them.
 */
class SvTpVectorTests {

    private static final String SETUP_CONNECTION_PAYLOAD = "02" // protocol 2 (Template Distribution)
            + "0200" // min_version 2
            + "0200" // max_version 2
            + "01000000" // flags 1
            + "07" + "302e302e302e30" // endpoint_host "0.0.0.0"
            + "6121" // endpoint_port 8545
            + "07" + "4269746d61696e" // vendor "Bitmain"
            + "08" + "5339692031332e35" // hardware_version "S9i 13.5"
            + "1c" + "62726169696e732d6f732d323031382d30392d32322d312d68617368" // firmware
            + "10" + "736f6d652d6465766963652d75756964"; // device_id "some-device-uuid"

    @Test
    void eightyTwoByteSetupConnectionDecodesFieldByFieldAndRoundTrips() {
        String frame = "000000520000" + SETUP_CONNECTION_PAYLOAD; // header: SetupConnection, 82 bytes

        SetupConnection message = (SetupConnection) Frames.decode(frame);

        assertThat(Frames.bytes(SETUP_CONNECTION_PAYLOAD)).hasSize(82);
        assertThat(message.protocol()).isEqualTo(Sv2Protocol.TEMPLATE_DISTRIBUTION.code());
        assertThat(message.minVersion()).isEqualTo(2);
        assertThat(message.maxVersion()).isEqualTo(2);
        assertThat(message.flags()).isEqualTo(1);
        assertThat(message.endpointHost().asString()).isEqualTo("0.0.0.0");
        assertThat(message.endpointPort()).isEqualTo(8545);
        assertThat(message.vendor().asString()).isEqualTo("Bitmain");
        assertThat(message.hardwareVersion().asString()).isEqualTo("S9i 13.5");
        assertThat(message.firmware().asString()).isEqualTo("braiins-os-2018-09-22-1-hash");
        assertThat(message.deviceId().asString()).isEqualTo("some-device-uuid");
        assertThat(Frames.encodeHex(message)).isEqualTo(frame);
        assertThat(Frames.decode(Frames.encode(message))).isEqualTo(message);
    }

    @Test
    void setupConnectionSuccessEncodesAsDocumented() {
        SetupConnectionSuccess message = new SetupConnectionSuccess(2, 3);

        assertThat(HexFormat.of().formatHex(Frames.encodePayload(message)))
                .isEqualTo(
                        "0200" // used_version 2
                                + "03000000" // flags 3
                        );
        assertThat(Frames.decode(Frames.encode(message))).isEqualTo(message);
    }

    @Test
    void setupConnectionErrorEncodesAsDocumented() {
        SetupConnectionError message = new SetupConnectionError(0, SetupConnectionErrorCode.PROTOCOL_VERSION_MISMATCH);

        assertThat(HexFormat.of().formatHex(Frames.encodePayload(message)))
                .isEqualTo(
                        "00000000" // flags 0
                                + "19" // error_code length 25
                                + "70726f746f636f6c2d76657273696f6e2d6d69736d61746368" // "protocol-version-mismatch"
                        );
        assertThat(Frames.decode(Frames.encode(message))).isEqualTo(message);
    }

    @Test
    void headerOfAnEncodedMessageMatchesItsPayloadLength() {
        SetupConnection message = (SetupConnection) Frames.decode("000000520000" + SETUP_CONNECTION_PAYLOAD);
        ByteBuf frame = Frames.buffer(Frames.encodeHex(message));

        assertThat(Sv2FrameHeader.read(frame)).isEqualTo(new Sv2FrameHeader(0, false, 0, 82));
        assertThat(frame.readableBytes()).isEqualTo(82);
    }
}
