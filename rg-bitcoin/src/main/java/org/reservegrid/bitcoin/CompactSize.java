package org.reservegrid.bitcoin;

import java.nio.ByteBuffer;

/**
 * Bitcoin's variable-length unsigned integer ({@code CompactSize} in Bitcoin Core, {@code VarInt} in bitcoinj): one
 * byte below {@code 0xfd}, else a marker byte {@code 0xfd}, {@code 0xfe} or {@code 0xff} followed by a 2-, 4- or
 * 8-byte little-endian value. Values are non-negative {@code long}s (up to 2<sup>63</sup>-1).
 */
public final class CompactSize {
    private static final int MARKER_U16 = 0xfd;
    private static final int MARKER_U32 = 0xfe;
    private static final int MARKER_U64 = 0xff;

    private CompactSize() {}

    /**
     * Reads one value. Like Bitcoin Core, a value written in more bytes than it needs (non-canonical) is rejected, as
     * is an 8-byte value of 2<sup>63</sup> or more.
     *
     * @throws BitcoinDecodeException on truncated, non-canonical or out-of-range input
     */
    public static long read(ByteBuffer in) {
        int first = LittleEndian.u8(in, "CompactSize");
        long value;
        long minimum;
        switch (first) {
            case MARKER_U16 -> {
                value = LittleEndian.u16(in, "CompactSize");
                minimum = MARKER_U16;
            }
            case MARKER_U32 -> {
                value = LittleEndian.u32(in, "CompactSize");
                minimum = 0x1_0000L;
            }
            case MARKER_U64 -> {
                value = LittleEndian.u64(in, "CompactSize");
                minimum = 0x1_0000_0000L;
                if (value < 0) {
                    throw new BitcoinDecodeException("CompactSize " + Long.toUnsignedString(value) + " exceeds 2^63-1");
                }
            }
            default -> {
                return first;
            }
        }
        if (value < minimum) {
            throw new BitcoinDecodeException(
                    "non-canonical CompactSize: " + value + " written with marker 0x" + Integer.toHexString(first));
        }
        return value;
    }

    /** Appends {@code value} in its shortest form. */
    public static void write(ByteWriter out, long value) {
        out.compactSize(value);
    }

    /** The encoded length of {@code value}: 1, 3, 5 or 9 bytes. */
    public static int encodedLength(long value) {
        requireNonNegative(value);
        if (value < MARKER_U16) {
            return 1;
        }
        if (value <= 0xffff) {
            return 3;
        }
        if (value <= 0xffff_ffffL) {
            return 5;
        }
        return 9;
    }

    static void requireNonNegative(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a CompactSize is non-negative, got " + value);
        }
    }
}
