package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.Sv2DecodeException;

/**
 * Hand-written frames for the messages the derived vector file does not cover, the extended-channel messages that
 * must be recognised but never mis-parsed, and malformed frames. Each valid fixture ends in a write-read round trip.
 */
class MessageFixtureTests {

    private static void assertRoundTrips(Sv2Message message, String frame) {
        assertThat(Frames.encodeHex(message)).isEqualTo(frame);
        assertThat(Frames.decode(Frames.encode(message))).isEqualTo(message);
    }

    private static void assertMalformed(String frame) {
        assertThatThrownBy(() -> Frames.decode(frame))
                .isInstanceOfSatisfying(
                        Sv2DecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR));
    }

    @Nested
    class CommonAndMining {

        @Test
        void channelEndpointChangedIsAChannelMessage() {
            String frame = "0080" // extension_type 0 + channel_msg bit
                    + "03" // ChannelEndpointChanged
                    + "040000" // 4 payload bytes
                    + "07000000"; // channel_id 7

            Sv2Message message = Frames.decode(frame);

            assertThat(message).isEqualTo(new ChannelEndpointChanged(7));
            assertRoundTrips(message, frame);
        }

        @Test
        void setGroupChannelCarriesASeq064kOfChannelIds() {
            String frame = "0000" // extension_type 0, no channel bit
                    + "25" // SetGroupChannel
                    + "0e0000" // 14 payload bytes
                    + "09000000" // group_channel_id 9
                    + "0200" // channel_ids count 2
                    + "01000000" // channel id 1
                    + "feffffff"; // channel id 4294967294

            Sv2Message message = Frames.decode(frame);

            assertThat(message).isEqualTo(new SetGroupChannel(9, List.of(1L, 4_294_967_294L)));
            assertRoundTrips(message, frame);
        }

        @Test
        void activeNewMiningJobCarriesItsMinNtime() {
            String frame = "0080" // channel message
                    + "15" // NewMiningJob
                    + "310000" // 49 payload bytes
                    + "05000000" // channel_id 5
                    + "0a000000" // job_id 10
                    + "01" + "80b0e968" // min_ntime present: 1760145536
                    + "00000020" // version 0x20000000
                    + "11".repeat(32); // merkle_root

            NewMiningJob message = (NewMiningJob) Frames.decode(frame);

            assertThat(message.minNtime()).hasValue(1_760_145_536L);
            assertThat(message.isFutureJob()).isFalse();
            assertThat(message.version()).isEqualTo(0x2000_0000L);
            assertRoundTrips(message, frame);
        }

        @Test
        void channelBitIsIgnoredWhenDecodingAndSetFromTheTypeWhenEncoding() {
            String sentWithChannelBit = "0080" // SetupConnection.Success wrongly flagged as a channel message
                    + "01" // SetupConnection.Success
                    + "060000" // 6 payload bytes
                    + "0200" // used_version 2
                    + "00000000"; // flags 0

            Sv2Message message = Frames.decode(sentWithChannelBit);

            assertThat(message).isEqualTo(new SetupConnectionSuccess(2, 0));
            assertThat(Frames.encodeHex(message)).isEqualTo("000001060000" + "0200" + "00000000");
        }

        @Test
        void miningSetupConnectionMatchesTheDerivedVector() {
            SetupConnection message = SetupConnection.mining(
                    MiningSetupFlag.REQUIRES_STANDARD_JOBS.mask(), "127.0.0.1", 34254, "vendor", "hw", "fw", "");

            assertThat(Frames.encodeHex(message))
                    .isEqualTo(
                            "000000230000" // SetupConnection, 35 bytes
                                    + "00" // protocol Mining
                                    + "0200" + "0200" // min_version 2, max_version 2
                                    + "01000000" // flags REQUIRES_STANDARD_JOBS
                                    + "09" + "3132372e302e302e31" // endpoint_host "127.0.0.1"
                                    + "ce85" // endpoint_port 34254
                                    + "06" + "76656e646f72" // vendor "vendor"
                                    + "02" + "6877" // hardware_version "hw"
                                    + "02" + "6677" // firmware "fw"
                                    + "00"); // device_id ""
            assertThat(Frames.decode(Frames.encode(message))).isEqualTo(message);
        }

        @Test
        void typedErrorCodesEncodeTheirExactStrings() {
            assertThat(new SubmitSharesError(1, 2, SubmitSharesErrorCode.STALE_SHARE)
                            .errorCode()
                            .asString())
                    .isEqualTo("stale-share");
            assertThat(new OpenMiningChannelError(3, OpenMiningChannelErrorCode.UNKNOWN_USER))
                    .isEqualTo(new OpenMiningChannelError(3, "unknown-user"));
            assertThat(new UpdateChannelError(4, UpdateChannelErrorCode.INVALID_CHANNEL_ID))
                    .isEqualTo(new UpdateChannelError(4, "invalid-channel-id"));
            assertThat(new CloseChannel(1, "shutdown").reasonCode().asString()).isEqualTo("shutdown");
        }
    }

    @Nested
    class ExtensionsNegotiation {

        @Test
        void requestExtensionsUsesExtensionTypeOne() {
            String frame = "0100" // extension_type 0x0001
                    + "00" // RequestExtensions
                    + "080000" // 8 payload bytes
                    + "2a00" // request_id 42
                    + "0200" // requested_extensions count 2
                    + "0200" // extension 0x0002
                    + "0300"; // extension 0x0003

            Sv2Message message = Frames.decode(frame);

            assertThat(message).isEqualTo(new RequestExtensions(42, List.of(2, 3)));
            assertThat(message.messageType()).isEqualTo(MessageType.REQUEST_EXTENSIONS);
            assertRoundTrips(message, frame);
        }

        @Test
        void requestExtensionsSuccessListsTheSupportedOnes() {
            String frame = "0100" // extension_type 0x0001
                    + "01" // RequestExtensions.Success
                    + "040000" // 4 payload bytes
                    + "2a00" // request_id 42
                    + "0000"; // supported_extensions: none

            Sv2Message message = Frames.decode(frame);

            assertThat(message).isEqualTo(new RequestExtensionsSuccess(42, List.of()));
            assertRoundTrips(message, frame);
        }

        @Test
        void requestExtensionsErrorListsUnsupportedAndRequired() {
            String frame = "0100" // extension_type 0x0001
                    + "02" // RequestExtensions.Error
                    + "0a0000" // 10 payload bytes
                    + "2a00" // request_id 42
                    + "0200" // unsupported_extensions count 2
                    + "0200" // 0x0002
                    + "0300" // 0x0003
                    + "0000"; // required_extensions: none

            Sv2Message message = Frames.decode(frame);

            assertThat(message).isEqualTo(new RequestExtensionsError(42, List.of(2, 3), List.of()));
            assertRoundTrips(message, frame);
        }

        @Test
        void extensionMessageCodesDoNotCollideWithCommonOnes() {
            String sameTypeAndPayload = "01" // msg_type 0x01
                    + "060000" // 6 payload bytes
                    + "2a00" // SetupConnection.Success used_version 42, or RequestExtensions.Success request_id 42
                    + "0000" // ... flags low half, or an empty extension list
                    + "0000"; // ... flags high half; trailing bytes for RequestExtensions.Success

            assertThat(Frames.decode("0000" + sameTypeAndPayload)).isEqualTo(new SetupConnectionSuccess(42, 0));
            assertThatThrownBy(() -> Frames.decode("0100" + sameTypeAndPayload)).isInstanceOf(Sv2DecodeException.class);
            assertThat(Frames.decode("0100" + "01" + "040000" + "2a00" + "0000"))
                    .isEqualTo(new RequestExtensionsSuccess(42, List.of()));
        }
    }

    @Nested
    class ExtendedChannelMessages {

        @Test
        void openExtendedMiningChannelIsRecognisedWithItsRequestId() {
            String frame = "0000" // no channel bit
                    + "13" // OpenExtendedMiningChannel
                    + "330000" // 51 payload bytes
                    + "0b000000" // request_id 11
                    + "08" + "6d696e65722e7331" // user_identity "miner.s1"
                    + "a5d46853" // nominal_hash_rate 1e12
                    + "ff".repeat(32) // max_target
                    + "0400"; // min_extranonce_size 4

            UnsupportedMiningMessage message = (UnsupportedMiningMessage) Frames.decode(frame);

            assertThat(message.messageType()).isEqualTo(MessageType.OPEN_EXTENDED_MINING_CHANNEL);
            assertThat(message.leadingField()).isEqualTo(MessageType.LeadingField.REQUEST_ID);
            assertThat(message.leadingId()).isEqualTo(11);
            assertRoundTrips(message, frame);
        }

        @Test
        void submitSharesExtendedIsRecognisedWithItsChannelId() {
            String frame = "0080" // channel message
                    + "1b" // SubmitSharesExtended
                    + "1d0000" // 29 payload bytes
                    + "fffffffe" // channel_id 0xfeffffff
                    + "00000000" // sequence_number
                    + "01000000" // job_id
                    + "00000000" // nonce
                    + "00000000" // ntime
                    + "00000020" // version
                    + "04" + "01020304"; // extranonce

            UnsupportedMiningMessage message = (UnsupportedMiningMessage) Frames.decode(frame);

            assertThat(message.messageType()).isEqualTo(MessageType.SUBMIT_SHARES_EXTENDED);
            assertThat(message.leadingField()).isEqualTo(MessageType.LeadingField.CHANNEL_ID);
            assertThat(message.leadingId()).isEqualTo(0xfeff_ffffL);
            assertRoundTrips(message, frame);
        }

        @Test
        void everyExtendedOrCustomJobTypeDecodesAsUnsupportedNeverAsAnotherMessage() {
            for (MessageType type : MessageType.values()) {
                if (type.fullySupported()) {
                    continue;
                }
                String frame = (type.channelMessage() ? "0080" : "0000")
                        + "%02x".formatted(type.code())
                        + "080000" // 8 payload bytes
                        + "2a000000" // leading id 42
                        + "deadbeef"; // rest of the payload, kept raw

                Sv2Message message = Frames.decode(frame);

                assertThat(message).isInstanceOf(UnsupportedMiningMessage.class);
                assertThat(message.messageType()).isEqualTo(type);
                assertThat(((UnsupportedMiningMessage) message).leadingId()).isEqualTo(42);
                assertThat(Frames.encodeHex(message)).isEqualTo(frame);
            }
        }

        @Test
        void anExtendedMessageTooShortForItsLeadingIdIsMalformed() {
            assertMalformed("0000" + "13" + "030000" + "0b0000"); // 3 bytes cannot hold request_id
        }

        @Test
        void unsupportedMessagesCannotBeBuiltForFullySupportedTypes() {
            assertThatThrownBy(() -> new UnsupportedMiningMessage(MessageType.SET_TARGET, new byte[36]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class MalformedFrames {

        @Test
        void unknownMessageTypeIsMalformed() {
            assertMalformed("0000" + "1e" + "000000"); // 0x1e is reserved
            assertMalformed("0000" + "05" + "000000"); // no common message 0x05
            assertMalformed("0200" + "00" + "000000"); // extension type 0x0002 is not negotiated here
        }

        @Test
        void trailingBytesAfterAPayloadAreMalformed() {
            assertMalformed("0080" + "03" + "050000" + "07000000" + "00"); // ChannelEndpointChanged + 1 extra byte
        }

        @Test
        void aPayloadShorterThanItsFieldsIsMalformed() {
            assertMalformed("0080" + "21" + "230000" + "01000000" + "ff".repeat(31)); // SetTarget, 1 byte short
            assertMalformed("0080" + "1a" + "170000" + "01".repeat(23)); // SubmitSharesStandard needs 24 bytes
            assertMalformed("0000" + "00" + "000000"); // SetupConnection with an empty payload
        }

        @Test
        void aFrameWhoseBufferDisagreesWithItsHeaderIsMalformed() {
            assertMalformed("0080" + "03" + "040000" + "070000"); // 4 declared, 3 present
        }

        @Test
        void anOptionCountOtherThanZeroOrOneIsMalformed() {
            assertMalformed("0080" + "15" + "310000" // NewMiningJob, 49 bytes
                    + "01000000" + "01000000" // channel_id, job_id
                    + "02" + "00000000" // min_ntime OPTION count 2
                    + "00000020" + "00".repeat(32));
        }

        @Test
        void anExtranoncePrefixLongerThan32BytesIsMalformed() {
            assertMalformed("0080" + "19" + "260000" // SetExtranoncePrefix, 38 bytes
                    + "01000000" // channel_id
                    + "21" + "00".repeat(33)); // B0_32 of 33 bytes
        }

        @Test
        void aStringLongerThanTheFrameIsMalformed() {
            assertMalformed("0000" + "12" + "060000" // OpenMiningChannel.Error, 6 bytes
                    + "01000000" // request_id
                    + "ff" + "61"); // error_code declares 255 bytes, 1 present
        }
    }
}
