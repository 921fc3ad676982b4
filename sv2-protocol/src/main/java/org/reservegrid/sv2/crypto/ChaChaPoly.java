package org.reservegrid.sv2.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * IETF ChaCha20-Poly1305 (RFC 8439) under one 32-byte key with the Noise nonce layout: 4 zero bytes followed by the
 * 64-bit little-endian counter. The 16-byte tag is appended to the ciphertext. Messages up to
 * {@value #SMALL_MESSAGE_LIMIT} bytes (headers, shares, jobs) go through an allocation-free Java engine; larger ones
 * through the JDK's cipher, whose ChaCha20 and Poly1305 intrinsics win once the data dominates the setup cost.
 *
 * <p>Not thread-safe: one instance per direction of one connection.
 */
public final class ChaChaPoly {

    /** Length of the authentication tag. */
    public static final int TAG_LENGTH = 16;

    /** Length of the key. */
    public static final int KEY_LENGTH = 32;

    /** Largest message handled by the Java engine; above it the JDK cipher's intrinsics are faster. */
    static final int SMALL_MESSAGE_LIMIT = 1024;

    private static final int NONCE_LENGTH = 12;

    private final ChaCha20Poly1305Engine engine;
    private final SecretKey key;
    private final Cipher cipher;
    private final byte[] nonceBytes = new byte[NONCE_LENGTH];

    public ChaChaPoly(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new InvalidEncodingException("ChaCha20-Poly1305 key must be 32 bytes");
        }
        this.engine = new ChaCha20Poly1305Engine(key);
        this.key = new SecretKeySpec(key, "ChaCha20");
        try {
            this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 is a JDK algorithm since Java 11", e);
        }
    }

    /**
     * Encrypts {@code length} bytes of {@code in} at {@code inOffset} into {@code out} at {@code outOffset}; writes
     * {@code length + 16} bytes. {@code in} and {@code out} may be the same array only if the ranges do not overlap.
     */
    public int seal(long nonce, byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        if (length <= SMALL_MESSAGE_LIMIT) {
            return engine.seal(nonce, ad, in, inOffset, length, out, outOffset);
        }
        return sealWithJdk(nonce, ad, in, inOffset, length, out, outOffset);
    }

    int sealWithJdk(long nonce, byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        try {
            init(Cipher.ENCRYPT_MODE, nonce);
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /** Encrypts and returns {@code plaintext.length + 16} bytes. */
    public byte[] seal(long nonce, byte[] ad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + TAG_LENGTH];
        seal(nonce, ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Decrypts {@code length} bytes (ciphertext and tag) of {@code in}; writes {@code length - 16} bytes to
     * {@code out}.
     *
     * @throws AeadAuthenticationException if the tag does not verify or the input is shorter than a tag
     */
    public int open(long nonce, byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset)
            throws AeadAuthenticationException {
        if (length < TAG_LENGTH) {
            throw new AeadAuthenticationException("ciphertext shorter than the authentication tag");
        }
        if (length - TAG_LENGTH <= SMALL_MESSAGE_LIMIT) {
            return engine.open(nonce, ad, in, inOffset, length, out, outOffset);
        }
        return openWithJdk(nonce, ad, in, inOffset, length, out, outOffset);
    }

    int openWithJdk(long nonce, byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset)
            throws AeadAuthenticationException {
        try {
            init(Cipher.DECRYPT_MODE, nonce);
            if (ad.length > 0) {
                cipher.updateAAD(ad);
            }
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            throw new AeadAuthenticationException("authentication tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
    }

    /** Decrypts and returns the plaintext. */
    public byte[] open(long nonce, byte[] ad, byte[] ciphertext) throws AeadAuthenticationException {
        if (ciphertext.length < TAG_LENGTH) {
            throw new AeadAuthenticationException("ciphertext shorter than the authentication tag");
        }
        byte[] out = new byte[ciphertext.length - TAG_LENGTH];
        open(nonce, ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    private void init(int mode, long nonce) throws GeneralSecurityException {
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (nonce >>> (8 * i));
        }
        cipher.init(mode, key, new IvParameterSpec(nonceBytes));
    }

    @Override
    public String toString() {
        return "ChaChaPoly[key redacted]";
    }
}
