package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/** binary_sv2 {@code U8}: one unsigned byte, 0..255. */
public record U8(int value) {

    public static final int LENGTH = 1;
    public static final int MAX = 0xFF;
    public static final FieldCodec<Integer> CODEC = FieldCodec.of(U8::readValue, U8::writeValue, v -> LENGTH);

    public U8 {
        require(value, "U8");
    }

    public static U8 read(ByteBuf in) {
        return new U8(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static int readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "U8");
        return in.readUnsignedByte();
    }

    public static void writeValue(ByteBuf out, int value) {
        out.writeByte(require(value, "U8"));
    }

    /** Returns {@code value} if it fits an unsigned byte, else throws {@link IllegalArgumentException}. */
    public static int require(int value, String field) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException(field + " must be within 0.." + MAX + ": " + value);
        }
        return value;
    }
}
