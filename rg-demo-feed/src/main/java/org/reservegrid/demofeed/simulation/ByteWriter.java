package org.reservegrid.demofeed.simulation;

import java.util.Arrays;

/** A growable little-endian byte sink for Bitcoin serialisation. */
final class ByteWriter {
    private byte[] bytes;
    private int length;

    ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    int length() {
        return length;
    }

    void reset() {
        length = 0;
    }

    ByteWriter u8(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    ByteWriter u32(long value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[length++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    ByteWriter u64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[length++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** Bitcoin CompactSize. */
    ByteWriter varInt(long value) {
        if (value < 0xfd) {
            return u8((int) value);
        } else if (value <= 0xffff) {
            u8(0xfd);
            ensure(2);
            bytes[length++] = (byte) value;
            bytes[length++] = (byte) (value >>> 8);
            return this;
        } else if (value <= 0xffffffffL) {
            return u8(0xfe).u32(value);
        }
        return u8(0xff).u64(value);
    }

    ByteWriter bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    ByteWriter bytes(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
        return this;
    }

    /** Appends another writer's content. */
    ByteWriter bytes(ByteWriter other) {
        return bytes(other.bytes, 0, other.length);
    }

    /** A length-prefixed byte string (script or witness item). */
    ByteWriter varBytes(byte[] source) {
        return varInt(source.length).bytes(source);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
