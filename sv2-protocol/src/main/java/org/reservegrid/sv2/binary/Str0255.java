package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * binary_sv2 {@code STR0_255}: U8 length and up to 255 bytes. The wire carries bytes without a terminator or an
 * encoding check, so the bytes are kept as received and re-encode unchanged; {@link #asString()} decodes them as
 * UTF-8 for display and comparison.
 */
public final class Str0255 extends LengthPrefixedBytes {

    public static final int MAX_LENGTH = 255;
    public static final Str0255 EMPTY = new Str0255(new byte[0]);
    public static final FieldCodec<Str0255> CODEC =
            FieldCodec.of(Str0255::read, (out, v) -> v.write(out), Str0255::encodedLength);

    private Str0255(byte[] bytes) {
        super(bytes, U8.LENGTH, MAX_LENGTH, "STR0_255");
    }

    /** The UTF-8 bytes of {@code text}; at most 255 of them. */
    public static Str0255 of(String text) {
        return new Str0255(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Str0255 ofBytes(byte[] bytes) {
        return new Str0255(bytes.clone());
    }

    public static Str0255 read(ByteBuf in) {
        return new Str0255(readBytes(in, U8.LENGTH, MAX_LENGTH, "STR0_255"));
    }

    /** The bytes decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String asString() {
        return new String(contentView(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return asString();
    }
}
