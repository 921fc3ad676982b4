package org.reservegrid.sv2.mining;

import java.io.ByteArrayOutputStream;

/** Little-endian Bitcoin serialization into a growable buffer. */
final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    ByteWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    ByteWriter u8(int value) {
        out.write(value);
        return this;
    }

    ByteWriter u32(long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ByteWriter u64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ByteWriter compactSize(long value) {
        if (value < 0xfd) {
            return u8((int) value);
        }
        if (value <= 0xffff) {
            u8(0xfd);
            out.write((int) value);
            out.write((int) (value >>> 8));
            return this;
        }
        if (value <= 0xffff_ffffL) {
            return u8(0xfe).u32(value);
        }
        return u8(0xff).u64(value);
    }

    /** A length-prefixed byte string (scripts, pushes over 75 bytes are not needed here). */
    ByteWriter varBytes(byte[] bytes) {
        return compactSize(bytes.length).bytes(bytes);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
