package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/**
 * binary_sv2 {@code U32}: unsigned 32-bit integer, little-endian. Held in a {@code long} so that ids, nonces and
 * timestamps above 2<sup>31</sup> stay positive.
 */
public record U32(long value) {

    public static final int LENGTH = 4;
    public static final long MAX = 0xFFFF_FFFFL;
    public static final FieldCodec<Long> CODEC = FieldCodec.of(U32::readValue, U32::writeValue, v -> LENGTH);

    public U32 {
        require(value, "U32");
    }

    public static U32 read(ByteBuf in) {
        return new U32(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static long readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "U32");
        return in.readUnsignedIntLE();
    }

    public static void writeValue(ByteBuf out, long value) {
        out.writeIntLE((int) require(value, "U32"));
    }

    /** Returns {@code value} if it fits 32 unsigned bits, else throws {@link IllegalArgumentException}. */
    public static long require(long value, String field) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(field + " must be within 0.." + MAX + ": " + value);
        }
        return value;
    }
}
