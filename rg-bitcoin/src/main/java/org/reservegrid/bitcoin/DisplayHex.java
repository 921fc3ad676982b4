package org.reservegrid.bitcoin;

import java.util.HexFormat;

/**
 * Hashes as people read them: RPC results, block explorers and getblocktemplate print txids and block hashes as
 * hex of the bytes in reverse (display order); everything that is hashed or serialised uses the internal order.
 */
public final class DisplayHex {
    private static final HexFormat HEX = HexFormat.of();

    private DisplayHex() {}

    /** Display-order (reversed) lower-case hex of internal-order bytes. */
    public static String format(byte[] internalOrder) {
        return HEX.formatHex(reversed(internalOrder));
    }

    /**
     * Internal-order bytes of display-order hex (either case).
     *
     * @throws IllegalArgumentException when {@code displayOrder} is not an even number of hex digits
     */
    public static byte[] parse(CharSequence displayOrder) {
        byte[] bytes = HEX.parseHex(displayOrder);
        reverseInPlace(bytes);
        return bytes;
    }

    /** A reversed copy: turns internal order into display order and back. */
    public static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static void reverseInPlace(byte[] bytes) {
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
    }
}
