package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/** binary_sv2 {@code U16}: unsigned 16-bit integer, little-endian. */
public record U16(int value) {

    public static final int LENGTH = 2;
    public static final int MAX = 0xFFFF;
    public static final FieldCodec<Integer> CODEC = FieldCodec.of(U16::readValue, U16::writeValue, v -> LENGTH);

    public U16 {
        require(value, "U16");
    }

    public static U16 read(ByteBuf in) {
        return new U16(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static int readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "U16");
        return in.readUnsignedShortLE();
    }

    public static void writeValue(ByteBuf out, int value) {
        out.writeShortLE(require(value, "U16"));
    }

    /** Returns {@code value} if it fits 16 unsigned bits, else throws {@link IllegalArgumentException}. */
    public static int require(int value, String field) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(field + " must be within 0.." + MAX + ": " + value);
        }
        return value;
    }
}
