package org.reservegrid.sv2.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * SHA-256, BIP340 tagged hashes, HMAC-SHA256 and the two-output HKDF of the Noise framework (section 4.3), which is
 * what the Stratum V2 handshake uses for {@code MixKey} and {@code Split}.
 */
public final class Hashes {

    /** Output length of SHA-256 and HMAC-SHA256. */
    public static final int HASH_LENGTH = 32;

    private static final int BLOCK_LENGTH = 64;
    private static final byte INNER_PAD = 0x36;
    private static final byte OUTER_PAD = 0x5c;
    private static final MessageDigest SHA256_PROTOTYPE = sha256Instance();
    private static final ConcurrentMap<String, byte[]> TAG_PREFIXES = new ConcurrentHashMap<>();

    private Hashes() {}

    /** SHA-256 over the concatenation of the parts. */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest digest = newSha256();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** BIP340 tagged hash: {@code SHA256(SHA256(tag) || SHA256(tag) || parts...)}. */
    public static byte[] taggedHash(String tag, byte[]... parts) {
        byte[] prefix = TAG_PREFIXES.computeIfAbsent(tag, t -> {
            byte[] tagHash = sha256(t.getBytes(StandardCharsets.UTF_8));
            byte[] doubled = new byte[2 * HASH_LENGTH];
            System.arraycopy(tagHash, 0, doubled, 0, HASH_LENGTH);
            System.arraycopy(tagHash, 0, doubled, HASH_LENGTH, HASH_LENGTH);
            return doubled;
        });
        MessageDigest digest = newSha256();
        digest.update(prefix);
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** HMAC-SHA256 (RFC 2104) of the concatenated parts under {@code key}. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        byte[] block = new byte[BLOCK_LENGTH];
        byte[] shortKey = key.length > BLOCK_LENGTH ? sha256(key) : key;
        System.arraycopy(shortKey, 0, block, 0, shortKey.length);
        for (int i = 0; i < BLOCK_LENGTH; i++) {
            block[i] ^= INNER_PAD;
        }
        MessageDigest digest = newSha256();
        digest.update(block);
        for (byte[] part : parts) {
            digest.update(part);
        }
        byte[] inner = digest.digest();
        for (int i = 0; i < BLOCK_LENGTH; i++) {
            block[i] ^= INNER_PAD ^ OUTER_PAD;
        }
        digest.update(block);
        digest.update(inner);
        return digest.digest();
    }

    /**
     * Noise {@code HKDF(chaining_key, input_key_material, 2)}: {@code t = HMAC(ck, ikm)}, {@code o1 = HMAC(t, 0x01)},
     * {@code o2 = HMAC(t, o1 || 0x02)}.
     */
    public static HkdfOutput hkdf2(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmacSha256(chainingKey, inputKeyMaterial);
        byte[] first = hmacSha256(tempKey, new byte[] {0x01});
        byte[] second = hmacSha256(tempKey, first, new byte[] {0x02});
        return new HkdfOutput(first, second);
    }

    /** Cloning a prototype skips the provider lookup of {@code getInstance}, a large share of hashing 64 bytes. */
    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
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

    /** The two 32-byte outputs of {@link #hkdf2}. */
    public record HkdfOutput(byte[] first, byte[] second) {

        @Override
        public String toString() {
            return "HkdfOutput[redacted]";
        }
    }
}
