package org.reservegrid.sv2.crypto;

import java.util.Arrays;

/**
 * Text forms of Stratum V2 keys as the spec (section 4.7.1) and SRI's configuration files use them: an authority
 * public key is {@code base58check(01 00 || xonly32)} (a little-endian u16 version 1 prefix), a secret key is
 * {@code base58check(raw 32 bytes)}.
 */
public final class Sv2KeyText {

    private static final byte[] PUBLIC_KEY_VERSION_PREFIX = {0x01, 0x00};

    private Sv2KeyText() {}

    public static String encodeAuthorityPublicKey(byte[] xOnly) {
        if (xOnly.length != 32) {
            throw new InvalidEncodingException("x-only public key must be 32 bytes");
        }
        byte[] payload = new byte[34];
        System.arraycopy(PUBLIC_KEY_VERSION_PREFIX, 0, payload, 0, 2);
        System.arraycopy(xOnly, 0, payload, 2, 32);
        return Base58Check.encode(payload);
    }

    /**
     * @return the 32-byte x-only key
     * @throws InvalidEncodingException for bad base58check, a wrong prefix or length, or an x not on the curve
     */
    public static byte[] decodeAuthorityPublicKey(String text) {
        byte[] payload = Base58Check.decode(text.strip());
        if (payload.length != 34
                || !Arrays.equals(
                        PUBLIC_KEY_VERSION_PREFIX, Arrays.copyOf(payload, PUBLIC_KEY_VERSION_PREFIX.length))) {
            throw new InvalidEncodingException("authority public key must be base58check(01 00 || 32-byte x-only key)");
        }
        byte[] xOnly = Arrays.copyOfRange(payload, 2, 34);
        if (!Secp256k1.isValidXOnlyKey(xOnly)) {
            throw new InvalidEncodingException("authority public key is not a secp256k1 x coordinate");
        }
        return xOnly;
    }

    public static String encodeSecretKey(byte[] secretKey) {
        if (!Secp256k1.isValidSecretKey(secretKey)) {
            throw new InvalidEncodingException("secret key is not a 32-byte integer in [1, n-1]");
        }
        return Base58Check.encode(secretKey);
    }

    /** @throws InvalidEncodingException for bad base58check or a value outside [1, n-1] */
    public static byte[] decodeSecretKey(String text) {
        byte[] secretKey = Base58Check.decode(text.strip());
        if (!Secp256k1.isValidSecretKey(secretKey)) {
            throw new InvalidEncodingException("secret key must be base58check of a 32-byte integer in [1, n-1]");
        }
        return secretKey;
    }
}
