package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Immutable byte string with a length prefix and an upper bound: {@link Str0255}, {@link B032}, {@link B0255},
 * {@link B064K} and {@link B016M}. The bound is enforced when constructing and when decoding; a declared length
 * is checked against the bound and against the bytes actually present before anything is allocated.
 */
public abstract sealed class LengthPrefixedBytes permits Str0255, B032, B0255, B064K, B016M {

    private final byte[] bytes;
    private final int prefixLength;

    /** Takes ownership of {@code bytes}; callers pass a private copy. */
    LengthPrefixedBytes(byte[] bytes, int prefixLength, int maxLength, String type) {
        if (bytes.length > maxLength) {
            throw new IllegalArgumentException(type + " holds at most " + maxLength + " bytes, got " + bytes.length);
        }
        this.bytes = bytes;
        this.prefixLength = prefixLength;
    }

    static byte[] readBytes(ByteBuf in, int prefixLength, int maxLength, String type) {
        int length = switch (prefixLength) {
            case U8.LENGTH -> U8.readValue(in);
            case U16.LENGTH -> U16.readValue(in);
            case U24.LENGTH -> U24.readValue(in);
            default -> throw new IllegalStateException("no length prefix of " + prefixLength + " bytes");
        };
        if (length > maxLength) {
            throw Sv2DecodeException.malformed(type + " length " + length + " exceeds " + maxLength);
        }
        Sv2DecodeException.requireReadable(in, length, type);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** A copy of the content bytes (without the length prefix). */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** Number of content bytes. */
    public final int length() {
        return bytes.length;
    }

    public final boolean isEmpty() {
        return bytes.length == 0;
    }

    public final void write(ByteBuf out) {
        switch (prefixLength) {
            case U8.LENGTH -> out.writeByte(bytes.length);
            case U16.LENGTH -> out.writeShortLE(bytes.length);
            default -> out.writeMediumLE(bytes.length);
        }
        out.writeBytes(bytes);
    }

    public final int encodedLength() {
        return prefixLength + bytes.length;
    }

    /** Lower-case hex of the content bytes. */
    public final String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    final byte[] contentView() {
        return bytes;
    }

    @Override
    public final boolean equals(@Nullable Object other) {
        return other instanceof LengthPrefixedBytes that
                && that.getClass() == getClass()
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + toHex() + "]";
    }
}
