package org.reservegrid.gateway.mining;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Bitcoin's double SHA-256. */
public final class Hashes {
    private Hashes() {}

    public static byte[] sha256d(byte[] data) {
        return sha256d(data, 0, data.length);
    }

    public static byte[] sha256d(byte[] data, int offset, int length) {
        MessageDigest digest = sha256();
        digest.update(data, offset, length);
        return digest.digest(digest.digest());
    }

    /** dSHA256(left || right), the merkle tree's inner node. */
    public static byte[] sha256dPair(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update(left);
        digest.update(right);
        return digest.digest(digest.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Reverses a byte array: converts between internal (wire) order and display (explorer) order. */
    public static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
