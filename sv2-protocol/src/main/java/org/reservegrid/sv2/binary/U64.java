package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/**
 * binary_sv2 {@code U64}: unsigned 64-bit integer, little-endian. The {@code long} holds the raw 64 bits; values
 * above {@link Long#MAX_VALUE} read as negative, so compare and print them with {@link Long#compareUnsigned} and
 * {@link Long#toUnsignedString}.
 */
public record U64(long value) {

    public static final int LENGTH = 8;
    public static final FieldCodec<Long> CODEC = FieldCodec.of(U64::readValue, U64::writeValue, v -> LENGTH);

    public static U64 read(ByteBuf in) {
        return new U64(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static long readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "U64");
        return in.readLongLE();
    }

    public static void writeValue(ByteBuf out, long value) {
        out.writeLongLE(value);
    }

    @Override
    public String toString() {
        return "U64[value=" + Long.toUnsignedString(value) + "]";
    }
}
