package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.framing.Sv2FrameHeader;

/** Message type codes and channel bits against the SRI constants (INTEROP-NOTES §4, §5; mining_sv2 lib.rs). */
class MessageTypeTests {

    record Expected(MessageType type, int extensionType, int code, boolean channelBit) {}

    static Stream<Expected> sriTable() {
        return Stream.of(
                new Expected(MessageType.SETUP_CONNECTION, 0, 0x00, false),
                new Expected(MessageType.SETUP_CONNECTION_SUCCESS, 0, 0x01, false),
                new Expected(MessageType.SETUP_CONNECTION_ERROR, 0, 0x02, false),
                new Expected(MessageType.CHANNEL_ENDPOINT_CHANGED, 0, 0x03, true),
                new Expected(MessageType.RECONNECT, 0, 0x04, false),
                new Expected(MessageType.OPEN_STANDARD_MINING_CHANNEL, 0, 0x10, false),
                new Expected(MessageType.OPEN_STANDARD_MINING_CHANNEL_SUCCESS, 0, 0x11, false),
                new Expected(MessageType.OPEN_MINING_CHANNEL_ERROR, 0, 0x12, false),
                new Expected(MessageType.OPEN_EXTENDED_MINING_CHANNEL, 0, 0x13, false),
                new Expected(MessageType.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS, 0, 0x14, false),
                new Expected(MessageType.NEW_MINING_JOB, 0, 0x15, true),
                new Expected(MessageType.UPDATE_CHANNEL, 0, 0x16, true),
                new Expected(MessageType.UPDATE_CHANNEL_ERROR, 0, 0x17, true),
                new Expected(MessageType.CLOSE_CHANNEL, 0, 0x18, true),
                new Expected(MessageType.SET_EXTRANONCE_PREFIX, 0, 0x19, true),
                new Expected(MessageType.SUBMIT_SHARES_STANDARD, 0, 0x1a, true),
                new Expected(MessageType.SUBMIT_SHARES_EXTENDED, 0, 0x1b, true),
                new Expected(MessageType.SUBMIT_SHARES_SUCCESS, 0, 0x1c, true),
                new Expected(MessageType.SUBMIT_SHARES_ERROR, 0, 0x1d, true),
                new Expected(MessageType.NEW_EXTENDED_MINING_JOB, 0, 0x1f, true),
                new Expected(MessageType.SET_NEW_PREV_HASH, 0, 0x20, true),
                new Expected(MessageType.SET_TARGET, 0, 0x21, true),
                new Expected(MessageType.SET_CUSTOM_MINING_JOB, 0, 0x22, false),
                new Expected(MessageType.SET_CUSTOM_MINING_JOB_SUCCESS, 0, 0x23, false),
                new Expected(MessageType.SET_CUSTOM_MINING_JOB_ERROR, 0, 0x24, false),
                new Expected(MessageType.SET_GROUP_CHANNEL, 0, 0x25, false),
                new Expected(MessageType.REQUEST_EXTENSIONS, 1, 0x00, false),
                new Expected(MessageType.REQUEST_EXTENSIONS_SUCCESS, 1, 0x01, false),
                new Expected(MessageType.REQUEST_EXTENSIONS_ERROR, 1, 0x02, false));
    }

    @ParameterizedTest
    @MethodSource("sriTable")
    void codeAndChannelBitMatchSri(Expected expected) {
        MessageType type = expected.type();

        assertThat(type.extensionType()).isEqualTo(expected.extensionType());
        assertThat(type.code()).isEqualTo(expected.code());
        assertThat(type.channelMessage()).isEqualTo(expected.channelBit());
        assertThat(MessageType.fromCode(expected.extensionType(), expected.code()))
                .isSameAs(type);
        assertThat(type.header(7))
                .isEqualTo(new Sv2FrameHeader(expected.extensionType(), expected.channelBit(), expected.code(), 7));
    }

    @Test
    void theTableCoversEveryType() {
        assertThat(sriTable().map(Expected::type)).containsExactlyInAnyOrder(MessageType.values());
    }

    @Test
    void exactlyTheExtendedChannelAndCustomJobTypesAreOnlyRecognised() {
        List<MessageType> onlyRecognised = new ArrayList<>(List.of(MessageType.values()));
        onlyRecognised.removeAll(MessageType.fullySupportedTypes());

        assertThat(onlyRecognised)
                .containsExactlyInAnyOrder(
                        MessageType.OPEN_EXTENDED_MINING_CHANNEL,
                        MessageType.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS,
                        MessageType.SUBMIT_SHARES_EXTENDED,
                        MessageType.NEW_EXTENDED_MINING_JOB,
                        MessageType.SET_CUSTOM_MINING_JOB,
                        MessageType.SET_CUSTOM_MINING_JOB_SUCCESS,
                        MessageType.SET_CUSTOM_MINING_JOB_ERROR);
        assertThat(MessageType.OPEN_EXTENDED_MINING_CHANNEL.leadingField())
                .hasValue(MessageType.LeadingField.REQUEST_ID);
        assertThat(MessageType.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS.leadingField())
                .hasValue(MessageType.LeadingField.REQUEST_ID);
        assertThat(MessageType.SET_CUSTOM_MINING_JOB.leadingField()).hasValue(MessageType.LeadingField.CHANNEL_ID);
        assertThat(MessageType.SET_TARGET.leadingField()).isEmpty();
    }

    @Test
    void everyOtherCoreCodeIsRejectedAsMalformed() {
        int known = 0;
        for (int code = 0; code <= 0xFF; code++) {
            if (MessageType.find(MessageType.CORE, code).isPresent()) {
                known++;
            } else {
                int unknown = code;
                assertThatThrownBy(() -> MessageType.fromCode(unknown)).isInstanceOf(Sv2DecodeException.class);
            }
        }
        assertThat(known).isEqualTo(26);
    }

    @Test
    void unknownExtensionTypesAreRejected() {
        assertThat(MessageType.find(0x0002, 0x00)).isEmpty();
        assertThat(MessageType.find(0x7FFF, 0x00)).isEmpty();
        assertThat(MessageType.find(-1, 0x00)).isEmpty();
        assertThat(MessageType.find(0, 0x100)).isEmpty();
        assertThatThrownBy(() -> MessageType.fromCode(0x0002, 0x00)).isInstanceOf(Sv2DecodeException.class);
    }

    @Test
    void lookupByHeaderIgnoresTheChannelBit() {
        assertThat(MessageType.fromHeader(new Sv2FrameHeader(0, true, 0x10, 0)))
                .isEqualTo(MessageType.OPEN_STANDARD_MINING_CHANNEL);
        assertThat(MessageType.fromHeader(new Sv2FrameHeader(0, false, 0x15, 0)))
                .isEqualTo(MessageType.NEW_MINING_JOB);
    }
}
