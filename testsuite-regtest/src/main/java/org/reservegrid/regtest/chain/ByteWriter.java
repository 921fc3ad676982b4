package org.reservegrid.regtest.chain;

import java.io.ByteArrayOutputStream;

/** Little-endian Bitcoin serialization primitives: fixed-width integers, CompactSize, raw bytes. */
final class ByteWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ByteWriter uint32(long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ByteWriter int64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ByteWriter compactSize(long value) {
        if (value < 0xfd) {
            out.write((int) value);
        } else if (value <= 0xffff) {
            out.write(0xfd);
            out.write((int) value);
            out.write((int) (value >>> 8));
        } else if (value <= 0xffffffffL) {
            out.write(0xfe);
            uint32(value);
        } else {
            out.write(0xff);
            int64(value);
        }
        return this;
    }

    ByteWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A CompactSize length prefix followed by the bytes. */
    ByteWriter varBytes(byte[] bytes) {
        return compactSize(bytes.length).bytes(bytes);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
