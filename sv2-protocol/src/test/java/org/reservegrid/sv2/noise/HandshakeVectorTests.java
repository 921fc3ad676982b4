package org.reservegrid.sv2.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.sv2.crypto.TestVectors.hex;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.crypto.EllSwiftKeyPair;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.crypto.TestVectors;
import tools.jackson.databind.JsonNode;

/**
 * Reproduces {@code derived/sv2-handshake-and-frames.derived.json} byte for byte: the certificate, h/ck/k after every
 * handshake step on both sides, act 1 and act 2, the split keys, the encrypted frames and the 70 kB chunking.
 */
class HandshakeVectorTests {

    private static JsonNode vectors;
    private static Transcript transcript;

    /** One handshake run with the vector keys, with both sides' traces. */
    record Transcript(
            Map<String, String> initiatorTrace,
            Map<String, String> responderTrace,
            SignatureNoiseMessage certificate,
            byte[] act1,
            NoiseResponder.Reply reply,
            NoiseSession initiatorSession) {

        NoiseSession responderSession() {
            return reply.session();
        }
    }

    @BeforeAll
    static void runTheHandshakeWithTheVectorKeys() throws NoiseException {
        vectors = TestVectors.json("derived/sv2-handshake-and-frames.derived.json");
        transcript = handshakeWithVectorKeys();
    }

    static Transcript handshakeWithVectorKeys() throws NoiseException {
        JsonNode keys = vectors.get("keys");
        JsonNode certificate = vectors.get("certificate");

        EllSwiftKeyPair initiatorEphemeral = EllSwiftKeyPair.of(
                hex(keys.get("initiator_ephemeral_secret_hex").asString()),
                hex(keys.get("initiator_ephemeral_ellswift_hex").asString()));
        EllSwiftKeyPair responderEphemeral = EllSwiftKeyPair.of(
                hex(keys.get("responder_ephemeral_secret_hex").asString()),
                hex(keys.get("responder_ephemeral_ellswift_hex").asString()));
        EllSwiftKeyPair responderStatic = EllSwiftKeyPair.of(
                hex(keys.get("responder_static_secret_hex").asString()),
                hex(keys.get("responder_static_ellswift_hex").asString()));
        SignatureNoiseMessage signed = SignatureNoiseMessage.issue(
                hex(keys.get("authority_secret_hex").asString()),
                responderStatic.xOnlyPublicKey(),
                certificate.get("valid_from").asLong(),
                certificate.get("not_valid_after").asLong(),
                hex(certificate.get("bip340_aux_rand_hex").asString()));

        Map<String, String> initiatorTrace = new LinkedHashMap<>();
        Map<String, String> responderTrace = new LinkedHashMap<>();
        InstantSource duringValidity = InstantSource.fixed(
                Instant.ofEpochSecond(certificate.get("valid_from").asLong() + 60));
        NoiseInitiator initiator = new NoiseInitiator(
                hex(keys.get("authority_xonly_hex").asString()),
                duringValidity,
                () -> initiatorEphemeral,
                (name, value) -> initiatorTrace.put(name, hex(value)));
        NoiseResponder responder = new NoiseResponder(
                new ResponderCredentials(responderStatic, signed),
                () -> responderEphemeral,
                (name, value) -> responderTrace.put(name, hex(value)));

        byte[] act1 = initiator.writeAct1();
        NoiseResponder.Reply reply = responder.processAct1(act1);
        NoiseSession initiatorSession = initiator.readAct2(reply.act2());
        return new Transcript(initiatorTrace, responderTrace, signed, act1, reply, initiatorSession);
    }

    private static String handshake(String field) {
        return vectors.get("handshake").get(field).asString();
    }

    @Test
    void keysDecodeAsListed() {
        JsonNode keys = vectors.get("keys");
        assertThat(hex(Sv2KeyText.decodeAuthorityPublicKey(
                        keys.get("authority_base58check").asString())))
                .isEqualTo(keys.get("authority_xonly_hex").asString());
        EllSwiftKeyPair responderStatic = EllSwiftKeyPair.of(
                hex(keys.get("responder_static_secret_hex").asString()),
                hex(keys.get("responder_static_ellswift_hex").asString()));
        assertThat(hex(responderStatic.xOnlyPublicKey()))
                .isEqualTo(keys.get("responder_static_xonly_hex").asString());
    }

    @Test
    void certificateMatchesByteForByte() {
        JsonNode certificate = vectors.get("certificate");
        byte[] serverXOnly =
                hex(vectors.get("keys").get("responder_static_xonly_hex").asString());
        assertThat(hex(SignatureNoiseMessage.signedDigest(
                        0,
                        certificate.get("valid_from").asLong(),
                        certificate.get("not_valid_after").asLong(),
                        serverXOnly)))
                .isEqualTo(certificate.get("m_sha256_hex").asString());
        assertThat(hex(transcript.certificate().toBytes()))
                .isEqualTo(certificate.get("signature_noise_message_hex").asString());
        SignatureNoiseMessage parsed = SignatureNoiseMessage.fromBytes(
                hex(certificate.get("signature_noise_message_hex").asString()));
        assertThat(hex(parsed.signature()))
                .isEqualTo(certificate.get("signature_hex").asString());
        assertThat(parsed.validFrom()).isEqualTo(certificate.get("valid_from").asLong());
        assertThat(parsed.notValidAfter())
                .isEqualTo(certificate.get("not_valid_after").asLong());
        assertThat(hex(parsed.toBytes()))
                .isEqualTo(certificate.get("signature_noise_message_hex").asString());
        // The preimage is the 10 header bytes followed by the server's x-only key.
        assertThat(certificate.get("signed_preimage_hex").asString())
                .isEqualTo(hex(parsed.toBytes()).substring(0, 20) + hex(serverXOnly));
    }

    @Test
    void initialStateIsTheHashedProtocolName() {
        assertThat(transcript.initiatorTrace().get("h0")).isEqualTo(handshake("h0"));
        assertThat(transcript.initiatorTrace().get("ck0")).isEqualTo(handshake("ck0"));
        assertThat(transcript.responderTrace().get("h0")).isEqualTo(handshake("h0"));
        assertThat(transcript.responderTrace().get("ck0")).isEqualTo(handshake("ck0"));
    }

    @Test
    void actOneIsTheInitiatorEphemeralEncoding() {
        assertThat(hex(transcript.act1())).isEqualTo(handshake("act1_hex"));
        assertThat(transcript.act1())
                .hasSize(vectors.get("handshake").get("act1_len").asInt());
        assertThat(transcript.initiatorTrace().get("h_after_act1")).isEqualTo(handshake("initiator_h_after_act1"));
        assertThat(transcript.responderTrace().get("h_after_act1")).isEqualTo(handshake("initiator_h_after_act1"));
    }

    @Test
    void responderTranscriptMatchesEveryStep() {
        for (String step : new String[] {
            "ecdh_ee",
            "ck_after_ee",
            "k_after_ee",
            "h_before_static_enc",
            "ecdh_es",
            "ck_after_es",
            "k_after_es",
            "h_before_cert_enc",
            "h_final",
            "ck_final"
        }) {
            assertThat(transcript.responderTrace().get(step)).as(step).isEqualTo(handshake(step));
        }
    }

    @Test
    void initiatorTranscriptMatchesEveryStep() {
        for (String step :
                new String[] {"ecdh_ee", "h_before_static_enc", "ecdh_es", "h_before_cert_enc", "h_final", "ck_final"
                }) {
            assertThat(transcript.initiatorTrace().get(step)).as(step).isEqualTo(handshake(step));
        }
    }

    @Test
    void actTwoMatchesByteForByte() {
        assertThat(transcript.reply().act2())
                .hasSize(vectors.get("handshake").get("act2_len").asInt());
        assertThat(hex(transcript.reply().act2())).isEqualTo(handshake("act2_hex"));
    }

    @Test
    void splitGivesTheListedTransportKeysOnBothSides() {
        assertThat(transcript.responderTrace().get("k1")).isEqualTo(handshake("c1_initiator_to_responder_key_hex"));
        assertThat(transcript.responderTrace().get("k2")).isEqualTo(handshake("c2_responder_to_initiator_key_hex"));
        assertThat(transcript.initiatorTrace().get("k1")).isEqualTo(handshake("c1_initiator_to_responder_key_hex"));
        assertThat(transcript.initiatorTrace().get("k2")).isEqualTo(handshake("c2_responder_to_initiator_key_hex"));
        assertThat(transcript.initiatorSession().handshakeHash())
                .isEqualTo(transcript.responderSession().handshakeHash());
        assertThat(hex(transcript.initiatorSession().remoteStaticXOnly()))
                .isEqualTo(vectors.get("keys").get("responder_static_xonly_hex").asString());
    }

    /**
     * The transport frames are listed in the order they are sent on each side; both sides' sessions start at nonce
     * 0, so encrypting them in file order reproduces the nonces of every entry.
     */
    @Test
    void transportFramesEncryptAndDecryptByteForByte() throws NoiseException {
        Transcript fresh = handshakeWithVectorKeys();
        NoiseSession initiatorSession = fresh.initiatorSession();
        NoiseSession responderSession = fresh.responderSession();
        for (JsonNode frame : vectors.get("transport_frames")) {
            boolean fromInitiator = frame.get("direction").asString().equals("initiator->responder");
            NoiseSession sender = fromInitiator ? initiatorSession : responderSession;
            NoiseSession receiver = fromInitiator ? responderSession : initiatorSession;
            long firstNonce = frame.get("nonces_used").get(0).asLong();
            assertThat(sender.sender().nonce())
                    .as(frame.get("message").asString())
                    .isEqualTo(firstNonce);

            byte[] plaintext = hex(frame.get("plaintext_frame_hex").asString());
            byte[] ciphertext = sender.encryptFrame(plaintext);
            assertThat(hex(ciphertext))
                    .as(frame.get("message").asString())
                    .isEqualTo(frame.get("ciphertext_hex").asString());
            assertThat(receiver.decryptFrame(ciphertext)).isEqualTo(plaintext);

            int lastNonce = frame.get("nonces_used").size() - 1;
            assertThat(sender.sender().nonce())
                    .isEqualTo(frame.get("nonces_used").get(lastNonce).asLong() + 1);
        }
    }

    @Test
    void seventyKilobytePayloadIsSealedInTheListedChunks() throws NoiseException {
        JsonNode example = vectors.get("large_payload_chunking_example");
        int payloadLength = example.get("payload_len").asInt();
        byte[] frame = new byte[NoiseProtocol.FRAME_HEADER_LENGTH + payloadLength];
        frame[1] = 0; // extension_type 0x0000
        frame[2] = 0x15; // msg_type: any
        frame[3] = (byte) payloadLength; // msg_length U24 LE
        frame[4] = (byte) (payloadLength >>> 8);
        frame[5] = (byte) (payloadLength >>> 16);
        for (int i = NoiseProtocol.FRAME_HEADER_LENGTH; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        Transcript fresh = handshakeWithVectorKeys();
        NoiseSession sender = fresh.initiatorSession();
        NoiseSession receiver = fresh.responderSession();
        long nonceBefore = sender.sender().nonce();
        byte[] encrypted = sender.encryptFrame(frame);

        assertThat(encrypted)
                .hasSize(example.get("ciphertext_len_total_incl_header").asInt());
        assertThat(NoiseSession.encryptedFrameLength(payloadLength)).isEqualTo(encrypted.length);
        assertThat(sender.sender().nonce() - nonceBefore)
                .isEqualTo(example.get("nonces_consumed").asLong());
        int expectedPayloadCiphertext = 0;
        for (JsonNode chunk : example.get("plaintext_chunk_lengths")) {
            assertThat(chunk.asInt()).isLessThanOrEqualTo(NoiseProtocol.MAX_PLAINTEXT_CHUNK);
            expectedPayloadCiphertext += chunk.asInt() + 16;
        }
        assertThat(encrypted.length - NoiseProtocol.ENCRYPTED_HEADER_LENGTH).isEqualTo(expectedPayloadCiphertext);
        assertThat(receiver.decryptFrame(encrypted)).isEqualTo(frame);
    }
}
