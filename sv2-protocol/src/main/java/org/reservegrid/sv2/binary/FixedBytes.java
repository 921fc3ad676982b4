package org.reservegrid.sv2.binary;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Immutable raw byte string of a fixed width: {@link U256} (32), {@link PubKey} (32) and {@link Signature} (64).
 * Equality is by type and content.
 */
public abstract sealed class FixedBytes permits U256, PubKey, Signature {

    private final byte[] bytes;

    /** Takes ownership of {@code bytes}; callers pass a private copy. */
    FixedBytes(byte[] bytes, int length, String type) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(type + " must be " + length + " bytes, got " + bytes.length);
        }
        this.bytes = bytes;
    }

    static byte[] readBytes(ByteBuf in, int length, String type) {
        Sv2DecodeException.requireReadable(in, length, type);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** A copy of the raw bytes in wire order. */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** The byte at {@code index} in wire order. */
    public final byte byteAt(int index) {
        return bytes[index];
    }

    public final void write(ByteBuf out) {
        out.writeBytes(bytes);
    }

    public final int encodedLength() {
        return bytes.length;
    }

    /** Lower-case hex of the bytes in wire order. */
    public final String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public final boolean equals(@Nullable Object other) {
        return other instanceof FixedBytes that && that.getClass() == getClass() && Arrays.equals(bytes, that.bytes);
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
