package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/**
 * binary_sv2 {@code BOOL}: one byte of which only bit 0 carries meaning. Decoding reads {@code b & 1} as the SRI
 * reference implementation does; encoding writes 0 or 1.
 */
public record Bool(boolean value) {

    public static final int LENGTH = 1;
    public static final FieldCodec<Boolean> CODEC = FieldCodec.of(Bool::readValue, Bool::writeValue, v -> LENGTH);

    public static Bool read(ByteBuf in) {
        return new Bool(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static boolean readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "BOOL");
        return (in.readByte() & 1) != 0;
    }

    public static void writeValue(ByteBuf out, boolean value) {
        out.writeByte(value ? 1 : 0);
    }
}
