package org.reservegrid.sv2.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.TestVectors;
import org.reservegrid.sv2.framing.Sv2FrameHeader;
import tools.jackson.databind.JsonNode;

/**
 * Plaintext frames of {@code derived/sv2-handshake-and-frames.derived.json}, used verbatim: every frame decodes to
 * the documented field values and re-encodes byte for byte.
 */
class DerivedFrameVectorTests {

    private static final String FILE = "derived/sv2-handshake-and-frames.derived.json";

    record TestVector(
            String name, int msgType, boolean channelMsg, JsonNode fields, String payloadHex, String frameHex) {
        @Override
        public String toString() {
            return name;
        }
    }

    record TransportVector(String message, String plaintextFrameHex) {
        @Override
        public String toString() {
            return message;
        }
    }

    static Stream<TestVector> messageVectors() {
        List<TestVector> vectors = new ArrayList<>();
        for (JsonNode node : TestVectors.json(FILE).get("messages")) {
            vectors.add(new TestVector(
                    node.get("name").asString(),
                    Integer.decode(node.get("msg_type").asString()),
                    node.get("channel_msg").asBoolean(),
                    node.get("fields"),
                    node.get("payload_hex").asString(),
                    node.get("frame_hex").asString()));
        }
        return vectors.stream();
    }

    static Stream<TransportVector> transportVectors() {
        List<TransportVector> vectors = new ArrayList<>();
        for (JsonNode node : TestVectors.json(FILE).get("transport_frames")) {
            vectors.add(new TransportVector(
                    node.get("message").asString(),
                    node.get("plaintext_frame_hex").asString()));
        }
        return vectors.stream();
    }

    @ParameterizedTest
    @MethodSource("messageVectors")
    void frameDecodesToTheDocumentedFieldsAndReencodesByteForByte(TestVector vector) {
        Sv2Message message = Frames.decode(vector.frameHex());

        assertThat(message.messageType().code()).isEqualTo(vector.msgType());
        assertThat(message.messageType().channelMessage()).isEqualTo(vector.channelMsg());
        assertFieldsMatch(message, vector.fields());
        assertThat(Frames.encodeHex(message)).isEqualTo(vector.frameHex());
        assertThat(HexFormat.of().formatHex(Frames.encodePayload(message))).isEqualTo(vector.payloadHex());
        assertThat(Sv2Messages.header(message)).isEqualTo(Sv2FrameHeader.read(Frames.buffer(vector.frameHex())));
    }

    @ParameterizedTest
    @MethodSource("transportVectors")
    void plaintextOfEveryEncryptedTransportFrameRoundTrips(TransportVector vector) {
        Sv2Message message = Frames.decode(vector.plaintextFrameHex());

        assertThat(message.getClass().getSimpleName())
                .isEqualTo(vector.message().replace(".", ""));
        assertThat(Frames.encodeHex(message)).isEqualTo(vector.plaintextFrameHex());
    }

    @Test
    void vectorFileCoversEveryStandardChannelMessageTheGatewaySendsOrReceives() {
        List<String> names = messageVectors().map(TestVector::name).toList();

        assertThat(names).hasSizeGreaterThanOrEqualTo(18);
    }

    private static void assertFieldsMatch(Sv2Message message, JsonNode f) {
        switch (message) {
            case SetupConnection m -> {
                assertThat(m.protocol()).isEqualTo(f.get("protocol").asInt());
                assertThat(m.minVersion()).isEqualTo(f.get("min_version").asInt());
                assertThat(m.maxVersion()).isEqualTo(f.get("max_version").asInt());
                assertThat(m.flags()).isEqualTo(f.get("flags").asLong());
                assertThat(m.endpointHost().asString())
                        .isEqualTo(f.get("endpoint_host").asString());
                assertThat(m.endpointPort()).isEqualTo(f.get("endpoint_port").asInt());
                assertThat(m.vendor().asString()).isEqualTo(f.get("vendor").asString());
                assertThat(m.hardwareVersion().asString())
                        .isEqualTo(f.get("hardware_version").asString());
                assertThat(m.firmware().asString()).isEqualTo(f.get("firmware").asString());
                assertThat(m.deviceId().asString()).isEqualTo(f.get("device_id").asString());
            }
            case SetupConnectionSuccess m -> {
                assertThat(m.usedVersion()).isEqualTo(f.get("used_version").asInt());
                assertThat(m.flags()).isEqualTo(f.get("flags").asLong());
            }
            case SetupConnectionError m -> {
                assertThat(m.flags()).isEqualTo(f.get("flags").asLong());
                assertThat(m.errorCode().asString())
                        .isEqualTo(f.get("error_code").asString());
            }
            case Reconnect m -> {
                assertThat(m.newHost().asString()).isEqualTo(f.get("new_host").asString());
                assertThat(m.newPort()).isEqualTo(f.get("new_port").asInt());
            }
            case OpenStandardMiningChannel m -> {
                assertThat(m.requestId()).isEqualTo(f.get("request_id").asLong());
                assertThat(m.userIdentity().asString())
                        .isEqualTo(f.get("user_identity").asString());
                assertThat(m.nominalHashRate())
                        .isEqualTo((float) f.get("nominal_hash_rate_f32").asDouble());
                assertThat(m.maxTarget())
                        .isEqualTo(U256.fromHex(f.get("max_target_le_hex").asString()));
            }
            case OpenStandardMiningChannelSuccess m -> {
                assertThat(m.requestId()).isEqualTo(f.get("request_id").asLong());
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.target())
                        .isEqualTo(U256.fromHex(f.get("target_le_hex").asString()));
                assertThat(m.extranoncePrefix())
                        .isEqualTo(B032.fromHex(f.get("extranonce_prefix_hex").asString()));
                assertThat(m.groupChannelId())
                        .isEqualTo(f.get("group_channel_id").asLong());
            }
            case OpenMiningChannelError m -> {
                assertThat(m.requestId()).isEqualTo(f.get("request_id").asLong());
                assertThat(m.errorCode().asString())
                        .isEqualTo(f.get("error_code").asString());
            }
            case NewMiningJob m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.jobId()).isEqualTo(f.get("job_id").asLong());
                JsonNode minNtime = f.get("min_ntime");
                assertThat(m.minNtime())
                        .isEqualTo(minNtime.isNull() ? OptionalLong.empty() : OptionalLong.of(minNtime.asLong()));
                assertThat(m.version()).isEqualTo(f.get("version").asLong());
                assertThat(m.merkleRoot())
                        .isEqualTo(U256.fromHex(f.get("merkle_root_hex").asString()));
            }
            case SetNewPrevHash m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.jobId()).isEqualTo(f.get("job_id").asLong());
                assertThat(m.prevHash())
                        .isEqualTo(U256.fromHex(f.get("prev_hash_hex").asString()));
                assertThat(m.minNtime()).isEqualTo(f.get("min_ntime").asLong());
                assertThat(m.nbits()).isEqualTo(f.get("nbits").asLong());
            }
            case SetTarget m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.maximumTarget())
                        .isEqualTo(U256.fromHex(f.get("maximum_target_le_hex").asString()));
            }
            case SubmitSharesStandard m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.sequenceNumber())
                        .isEqualTo(f.get("sequence_number").asLong());
                assertThat(m.jobId()).isEqualTo(f.get("job_id").asLong());
                assertThat(m.nonce()).isEqualTo(f.get("nonce").asLong());
                assertThat(m.ntime()).isEqualTo(f.get("ntime").asLong());
                assertThat(m.version()).isEqualTo(f.get("version").asLong());
            }
            case SubmitSharesSuccess m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.lastSequenceNumber())
                        .isEqualTo(f.get("last_sequence_number").asLong());
                assertThat(m.newSubmitsAcceptedCount())
                        .isEqualTo(f.get("new_submits_accepted_count").asLong());
                assertThat(m.newSharesSum()).isEqualTo(f.get("new_shares_sum").asLong());
            }
            case SubmitSharesError m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.sequenceNumber())
                        .isEqualTo(f.get("sequence_number").asLong());
                assertThat(m.errorCode().asString())
                        .isEqualTo(f.get("error_code").asString());
            }
            case UpdateChannel m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.nominalHashRate())
                        .isEqualTo((float) f.get("nominal_hash_rate_f32").asDouble());
                assertThat(m.maximumTarget())
                        .isEqualTo(U256.fromHex(f.get("maximum_target_le_hex").asString()));
            }
            case UpdateChannelError m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.errorCode().asString())
                        .isEqualTo(f.get("error_code").asString());
            }
            case CloseChannel m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.reasonCode().asString())
                        .isEqualTo(f.get("reason_code").asString());
            }
            case SetExtranoncePrefix m -> {
                assertThat(m.channelId()).isEqualTo(f.get("channel_id").asLong());
                assertThat(m.extranoncePrefix())
                        .isEqualTo(B032.fromHex(f.get("extranonce_prefix_hex").asString()));
            }
            case ChannelEndpointChanged m -> throw new AssertionError("no vector expected for " + m);
            case SetGroupChannel m -> throw new AssertionError("no vector expected for " + m);
            case RequestExtensions m -> throw new AssertionError("no vector expected for " + m);
            case RequestExtensionsSuccess m -> throw new AssertionError("no vector expected for " + m);
            case RequestExtensionsError m -> throw new AssertionError("no vector expected for " + m);
            case UnsupportedMiningMessage m -> throw new AssertionError("no vector expected for " + m);
        }
    }
}
