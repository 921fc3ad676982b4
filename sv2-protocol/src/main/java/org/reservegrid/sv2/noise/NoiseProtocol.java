package org.reservegrid.sv2.noise;

import java.nio.charset.StandardCharsets;
import org.reservegrid.sv2.crypto.ChaChaPoly;
import org.reservegrid.sv2.crypto.ElligatorSwift;

/** Sizes and names fixed by the Stratum V2 Noise NX handshake and its encrypted transport. */
public final class NoiseProtocol {

    /** Noise protocol name; SHA-256 of it is the initial chaining key. */
    public static final String PROTOCOL_NAME = "Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256";

    static final byte[] PROTOCOL_NAME_BYTES = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);

    /** Act 1, initiator to responder: the initiator's ephemeral key, ElligatorSwift-encoded. */
    public static final int ACT1_LENGTH = ElligatorSwift.ENCODING_LENGTH;

    /** Encrypted responder static key: 64 + 16. */
    static final int ENCRYPTED_STATIC_KEY_LENGTH = ElligatorSwift.ENCODING_LENGTH + ChaChaPoly.TAG_LENGTH;

    /** Encrypted certificate: 74 + 16. */
    static final int ENCRYPTED_CERTIFICATE_LENGTH = SignatureNoiseMessage.ENCODED_LENGTH + ChaChaPoly.TAG_LENGTH;

    /** Act 2, responder to initiator: ephemeral key, encrypted static key, encrypted certificate (64 + 80 + 90). */
    public static final int ACT2_LENGTH =
            ElligatorSwift.ENCODING_LENGTH + ENCRYPTED_STATIC_KEY_LENGTH + ENCRYPTED_CERTIFICATE_LENGTH;

    /** Plaintext SV2 frame header: extension_type U16, msg_type U8, msg_length U24. */
    public static final int FRAME_HEADER_LENGTH = 6;

    /** The header sealed on its own. */
    public static final int ENCRYPTED_HEADER_LENGTH = FRAME_HEADER_LENGTH + ChaChaPoly.TAG_LENGTH;

    /** Largest plaintext sealed at once, so that a sealed chunk fits in 65,535 bytes. */
    public static final int MAX_PLAINTEXT_CHUNK = 65_535 - ChaChaPoly.TAG_LENGTH;

    /** Largest payload a U24 msg_length can announce. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFF_FFFF;

    private NoiseProtocol() {}
}
