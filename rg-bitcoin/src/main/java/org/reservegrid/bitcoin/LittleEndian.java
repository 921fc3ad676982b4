package org.reservegrid.bitcoin;

import java.nio.ByteBuffer;

/**
 * Bounds-checked little-endian reads that leave the buffer's byte order alone and fail with
 * {@link BitcoinDecodeException}, never {@link java.nio.BufferUnderflowException}.
 */
final class LittleEndian {
    private LittleEndian() {}

    static void require(ByteBuffer in, long length, String what) {
        if (in.remaining() < length) {
            throw new BitcoinDecodeException(
                    what + " needs " + length + " bytes but only " + in.remaining() + " remain");
        }
    }

    static int u8(ByteBuffer in, String what) {
        require(in, 1, what);
        return in.get() & 0xff;
    }

    static int u16(ByteBuffer in, String what) {
        require(in, 2, what);
        return (in.get() & 0xff) | (in.get() & 0xff) << 8;
    }

    static long u32(ByteBuffer in, String what) {
        require(in, 4, what);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (long) (in.get() & 0xff) << (8 * i);
        }
        return value;
    }

    static long u64(ByteBuffer in, String what) {
        require(in, 8, what);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (in.get() & 0xff) << (8 * i);
        }
        return value;
    }

    static byte[] bytes(ByteBuffer in, long length, String what) {
        require(in, length, what);
        byte[] out = new byte[(int) length];
        in.get(out);
        return out;
    }
}
