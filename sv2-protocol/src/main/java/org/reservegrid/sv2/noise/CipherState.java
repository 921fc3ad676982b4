package org.reservegrid.sv2.noise;

import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.AeadAuthenticationException;
import org.reservegrid.sv2.crypto.ChaChaPoly;

/**
 * Noise {@code CipherState} with a key (section 5.1): ChaCha20-Poly1305 under {@code k} with the counter nonce
 * {@code n}, incremented after every successful operation. No rekeying, as in Stratum V2.
 *
 * <p>Not thread-safe; a connection's event loop owns it.
 */
public final class CipherState {

    /** 2^64 - 1 is reserved by Noise; reaching it ends the session. */
    private static final long NONCE_LIMIT = -1L;

    private final ChaChaPoly aead;
    private long nonce;

    public CipherState(byte[] key) {
        this.aead = new ChaChaPoly(key);
    }

    /** The nonce the next operation uses. */
    public long nonce() {
        return nonce;
    }

    /** Seals {@code length} bytes at {@code inOffset} into {@code out}; returns {@code length + 16}. */
    public int encryptWithAd(byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset)
            throws NoiseException {
        checkNonce();
        int written = aead.seal(nonce, ad, in, inOffset, length, out, outOffset);
        nonce++;
        return written;
    }

    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        byte[] out = new byte[plaintext.length + ChaChaPoly.TAG_LENGTH];
        encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Opens {@code length} bytes (ciphertext and tag) at {@code inOffset} into {@code out}; returns
     * {@code length - 16}. A failure leaves the nonce unchanged (SRI does the same; the session is dead anyway).
     *
     * @throws NoiseException with {@code failureReason} if the tag does not verify
     */
    public int decryptWithAd(
            byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset, GatewayReason failureReason)
            throws NoiseException {
        checkNonce();
        try {
            int written = aead.open(nonce, ad, in, inOffset, length, out, outOffset);
            nonce++;
            return written;
        } catch (AeadAuthenticationException e) {
            throw new NoiseException(failureReason, "ChaCha20-Poly1305 " + e.getMessage() + " at nonce " + nonce);
        }
    }

    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext, GatewayReason failureReason) throws NoiseException {
        if (ciphertext.length < ChaChaPoly.TAG_LENGTH) {
            throw new NoiseException(failureReason, "ciphertext shorter than the authentication tag");
        }
        byte[] out = new byte[ciphertext.length - ChaChaPoly.TAG_LENGTH];
        decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0, failureReason);
        return out;
    }

    private void checkNonce() throws NoiseException {
        if (nonce == NONCE_LIMIT) {
            throw new NoiseException(GatewayReason.FRAME_DECODE_ERROR, "Noise nonce exhausted");
        }
    }

    @Override
    public String toString() {
        return "CipherState[n=" + nonce + ", key redacted]";
    }
}
