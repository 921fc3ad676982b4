package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;

/**
 * binary_sv2 {@code F32}: IEEE-754 single precision, little-endian (used for {@code nominal_hash_rate}). Any bit
 * pattern decodes, including NaN and negative values; judging them is the receiver's business.
 */
public record F32(float value) {

    public static final int LENGTH = 4;
    public static final FieldCodec<Float> CODEC = FieldCodec.of(F32::readValue, F32::writeValue, v -> LENGTH);

    public static F32 read(ByteBuf in) {
        return new F32(readValue(in));
    }

    public void write(ByteBuf out) {
        writeValue(out, value);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public static float readValue(ByteBuf in) {
        Sv2DecodeException.requireReadable(in, LENGTH, "F32");
        return Float.intBitsToFloat(in.readIntLE());
    }

    public static void writeValue(ByteBuf out, float value) {
        out.writeIntLE(Float.floatToRawIntBits(value));
    }
}
