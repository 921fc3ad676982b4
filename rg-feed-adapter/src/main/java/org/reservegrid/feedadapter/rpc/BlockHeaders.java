package org.reservegrid.feedadapter.rpc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Compact-target arithmetic and header hashing, as bitcoind reports them. */
final class BlockHeaders {
    private static final HexFormat HEX = HexFormat.of();

    private BlockHeaders() {}

    /** bitcoind's GetDifficulty: the difficulty-1 target divided by the target that {@code bits} encodes. */
    static double difficulty(String bits) {
        long compact = Long.parseLong(bits, 16);
        int shift = (int) (compact >>> 24) & 0xff;
        double difficulty = (double) 0x0000ffff / (double) (compact & 0x00ffffff);
        while (shift < 29) {
            difficulty *= 256.0;
            shift++;
        }
        while (shift > 29) {
            difficulty /= 256.0;
            shift--;
        }
        return difficulty;
    }

    /** The 64-hex-digit target that compact {@code bits} encode. */
    static String target(String bits) {
        long compact = Long.parseLong(bits, 16);
        int exponent = (int) (compact >>> 24);
        long mantissa = compact & 0x007fffff;
        byte[] target = new byte[32];
        for (int i = 0; i < 3; i++) {
            int position = 32 - exponent + i;
            if (position >= 0 && position < 32) {
                target[position] = (byte) (mantissa >>> (8 * (2 - i)));
            }
        }
        return HEX.formatHex(target);
    }

    /** Display-order hash of the block's 80-byte header. */
    static String hash(byte[] block) {
        return displayHex(sha256d(Arrays.copyOf(block, 80)));
    }

    /** Display-order previous block hash from the header. */
    static String previousHash(byte[] block) {
        return displayHex(Arrays.copyOfRange(block, 4, 36));
    }

    private static String displayHex(byte[] internalOrder) {
        byte[] reversed = new byte[internalOrder.length];
        for (int i = 0; i < internalOrder.length; i++) {
            reversed[i] = internalOrder[internalOrder.length - 1 - i];
        }
        return HEX.formatHex(reversed);
    }

    private static byte[] sha256d(byte[] data) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return sha256.digest(sha256.digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
