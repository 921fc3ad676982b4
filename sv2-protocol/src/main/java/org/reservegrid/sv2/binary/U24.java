package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/** binary_sv2 {@code U24}: unsigned 24-bit integer, little-endian (frame lengths and {@code B0_16M} prefixes). */
public record U24(int value) {

    public static final int LENGTH = 3;
    public static final int MAX = 0xFF_FFFF;
    public static final FieldCodec<Integer> CODEC = FieldCodec.of(U24::readValue, U24::writeValue, v -> LENGTH);

    public U24 {
        require(value, "U24");
    }

    public static U24 read(ByteBuf in) {
        return new U24(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static int readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "U24");
        return in.readUnsignedMediumLE();
    }

    public static void writeValue(ByteBuf out, int value) {
        out.writeMediumLE(require(value, "U24"));
    }

    /** Returns {@code value} if it fits 24 unsigned bits, else throws {@link IllegalArgumentException}. */
    public static int require(int value, String field) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(field + " must be within 0.." + MAX + ": " + value);
        }
        return value;
    }
}
