package org.reservegrid.sv2.noise;

import org.jspecify.annotations.Nullable;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Hashes;

/**
 * Noise {@code SymmetricState} (section 5.2) with SHA-256: the handshake hash {@code h}, the chaining key {@code ck}
 * and the handshake cipher (empty until the first {@code MixKey}).
 */
final class SymmetricState {

    private byte[] h;
    private byte[] ck;
    private byte @Nullable [] k;
    private @Nullable CipherState cipher;

    /** {@code InitializeSymmetric(protocol_name)} with an empty prologue (name longer than 32 bytes, so hashed). */
    SymmetricState() {
        ck = Hashes.sha256(NoiseProtocol.PROTOCOL_NAME_BYTES);
        h = Hashes.sha256(ck);
    }

    void mixHash(byte[] data) {
        h = Hashes.sha256(h, data);
    }

    void mixKey(byte[] inputKeyMaterial) {
        Hashes.HkdfOutput output = Hashes.hkdf2(ck, inputKeyMaterial);
        ck = output.first();
        k = output.second();
        cipher = new CipherState(output.second());
    }

    /** Before any key, the plaintext is sent as is; either way it is mixed into {@code h}. */
    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipher == null ? plaintext.clone() : cipher.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipher == null
                ? ciphertext.clone()
                : cipher.decryptWithAd(h, ciphertext, GatewayReason.NOISE_HANDSHAKE_FAILED);
        mixHash(ciphertext);
        return plaintext;
    }

    /** {@code Split()}: the initiator-to-responder and responder-to-initiator transport keys. */
    Hashes.HkdfOutput split() {
        return Hashes.hkdf2(ck, new byte[0]);
    }

    byte[] handshakeHash() {
        return h.clone();
    }

    byte[] chainingKey() {
        return ck.clone();
    }

    byte @Nullable [] handshakeKey() {
        return k == null ? null : k.clone();
    }
}
