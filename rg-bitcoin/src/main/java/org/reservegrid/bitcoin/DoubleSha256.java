package org.reservegrid.bitcoin;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bitcoin's hash, {@code SHA256(SHA256(data))}, in internal byte order (the order that is hashed and serialised;
 * {@link DisplayHex} turns it into the reversed hex that RPC results and explorers print).
 *
 * <p>The static methods are thread-safe and clone a prototype digest per call, which skips the provider lookup of
 * {@link MessageDigest#getInstance}. Hot loops (nonce grinding, merkle trees) hold a {@link Hasher} instead.
 */
public final class DoubleSha256 {

    /** Length of the hash in bytes. */
    public static final int LENGTH = 32;

    private static final MessageDigest PROTOTYPE = sha256Instance();

    private DoubleSha256() {}

    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The hash of {@code data[offset, offset + length)}. */
    public static byte[] hash(byte[] data, int offset, int length) {
        MessageDigest digest = newSha256();
        digest.update(data, offset, length);
        return digest.digest(digest.digest());
    }

    /** The hash of {@code left || right}: a merkle node from its two children. */
    public static byte[] hashPair(byte[] left, byte[] right) {
        MessageDigest digest = newSha256();
        digest.update(left);
        digest.update(right);
        return digest.digest(digest.digest());
    }

    /** A reusable hasher for one thread. */
    public static Hasher newHasher() {
        return new Hasher(newSha256());
    }

    /**
     * Double SHA-256 with one digest and one scratch buffer, so {@link #hashInto} allocates nothing. Not
     * thread-safe: hold one per thread or per loop.
     */
    public static final class Hasher {
        private final MessageDigest sha256;
        private final byte[] first = new byte[LENGTH];

        private Hasher(MessageDigest sha256) {
            this.sha256 = sha256;
        }

        public byte[] hash(byte[] data) {
            return hash(data, 0, data.length);
        }

        public byte[] hash(byte[] data, int offset, int length) {
            byte[] out = new byte[LENGTH];
            hashInto(data, offset, length, out);
            return out;
        }

        /** The hash of {@code left || right}: a merkle node from its two children. */
        public byte[] hashPair(byte[] left, byte[] right) {
            sha256.update(left);
            sha256.update(right);
            byte[] out = new byte[LENGTH];
            finish(out);
            return out;
        }

        /** Writes the hash of {@code data[offset, offset + length)} into the first 32 bytes of {@code out}. */
        public void hashInto(byte[] data, int offset, int length, byte[] out) {
            sha256.update(data, offset, length);
            finish(out);
        }

        private void finish(byte[] out) {
            try {
                sha256.digest(first, 0, LENGTH);
                sha256.update(first, 0, LENGTH);
                sha256.digest(out, 0, LENGTH);
            } catch (DigestException e) {
                // Only thrown for an output buffer shorter than 32 bytes.
                throw new IllegalArgumentException("a double SHA-256 needs a 32-byte output buffer", e);
            }
        }
    }

    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256Instance();
        }
    }

    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
