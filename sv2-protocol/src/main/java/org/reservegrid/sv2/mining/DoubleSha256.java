package org.reservegrid.sv2.mining;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Bitcoin's double SHA-256: {@code SHA256(SHA256(data))}. */
public final class DoubleSha256 {

    private static final MessageDigest PROTOTYPE = sha256();

    private DoubleSha256() {}

    public static byte[] hash(byte[] data) {
        MessageDigest digest = newDigest();
        byte[] first = digest.digest(data);
        return digest.digest(first);
    }

    /** The double SHA-256 of {@code left || right}, as used for merkle nodes. */
    public static byte[] hash(byte[] left, byte[] right) {
        MessageDigest digest = newDigest();
        digest.update(left);
        byte[] first = digest.digest(right);
        return digest.digest(first);
    }

    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
