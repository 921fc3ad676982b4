package org.reservegrid.bitcoin;

import java.util.Arrays;

/**
 * A growable little-endian sink for Bitcoin serialisation. Methods chain; {@link #reset()} keeps the buffer, so a
 * writer reused in a loop stops allocating once it has grown. Not thread-safe.
 */
public final class ByteWriter {
    private byte[] buffer;
    private int length;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes written since creation or the last {@link #reset()}. */
    public int length() {
        return length;
    }

    /** Forgets the content and keeps the capacity. */
    public ByteWriter reset() {
        length = 0;
        return this;
    }

    public ByteWriter u8(int value) {
        ensure(1);
        buffer[length++] = (byte) value;
        return this;
    }

    public ByteWriter u16(int value) {
        ensure(2);
        buffer[length++] = (byte) value;
        buffer[length++] = (byte) (value >>> 8);
        return this;
    }

    /** The low 32 bits of {@code value}; also writes a signed {@code int32} (version) unchanged. */
    public ByteWriter u32(long value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[length++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** All 64 bits of {@code value}; also writes a signed {@code int64} (an output's satoshis) unchanged. */
    public ByteWriter u64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[length++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** A {@link CompactSize} in its shortest form. */
    public ByteWriter compactSize(long value) {
        CompactSize.requireNonNegative(value);
        if (value < 0xfd) {
            return u8((int) value);
        }
        if (value <= 0xffff) {
            return u8(0xfd).u16((int) value);
        }
        if (value <= 0xffff_ffffL) {
            return u8(0xfe).u32(value);
        }
        return u8(0xff).u64(value);
    }

    public ByteWriter bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    public ByteWriter bytes(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, buffer, length, count);
        length += count;
        return this;
    }

    /** Appends what {@code other} holds. */
    public ByteWriter bytes(ByteWriter other) {
        return bytes(other.buffer, 0, other.length);
    }

    /** A CompactSize length, then the bytes: a script, a witness item. */
    public ByteWriter varBytes(byte[] source) {
        return compactSize(source.length).bytes(source);
    }

    /** The double SHA-256 of the content, without copying it out first. */
    public byte[] doubleSha256(DoubleSha256.Hasher hasher) {
        return hasher.hash(buffer, 0, length);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensure(int extra) {
        if (extra > buffer.length - length) {
            int needed = Math.addExact(length, extra);
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
