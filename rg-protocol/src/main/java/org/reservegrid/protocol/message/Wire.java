package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import org.reservegrid.protocol.VerifierDecodeException;

/** Bounds-checked primitive reads shared by the message codecs; every short read is a typed decode error. */
final class Wire {
    private Wire() {}

    static void require(ByteBuf in, int bytes, String field) {
        if (in.readableBytes() < bytes) {
            throw VerifierDecodeException.malformed(
                    "truncated at " + field + ": need " + bytes + " bytes, have " + in.readableBytes());
        }
    }

    static long readU64(ByteBuf in, String field) {
        require(in, 8, field);
        return in.readLong();
    }

    static long readNonNegativeLong(ByteBuf in, String field) {
        long value = readU64(in, field);
        if (value < 0) {
            throw VerifierDecodeException.malformed(field + " must not be negative: " + value);
        }
        return value;
    }

    static long readLong(ByteBuf in, String field) {
        require(in, 8, field);
        return in.readLong();
    }

    static int readInt(ByteBuf in, String field) {
        require(in, 4, field);
        return in.readInt();
    }

    static long readU32(ByteBuf in, String field) {
        require(in, 4, field);
        return in.readUnsignedInt();
    }

    static int readU16(ByteBuf in, String field) {
        require(in, 2, field);
        return in.readUnsignedShort();
    }

    static int readU8(ByteBuf in, String field) {
        require(in, 1, field);
        return in.readUnsignedByte();
    }

    static double readFiniteDouble(ByteBuf in, String field) {
        require(in, 8, field);
        double value = in.readDouble();
        if (!Double.isFinite(value)) {
            throw VerifierDecodeException.malformed(field + " must be finite");
        }
        return value;
    }

    static boolean readBool(ByteBuf in, String field) {
        int value = readU8(in, field);
        if (value > 1) {
            throw VerifierDecodeException.malformed(field + " must be 0 or 1, got " + value);
        }
        return value == 1;
    }

    /** U8 length then US-ASCII bytes; non-printable bytes are refused so strings are safe to log. */
    static String readShortAscii(ByteBuf in, String field) {
        int length = readU8(in, field + " length");
        require(in, length, field);
        for (int i = 0; i < length; i++) {
            byte b = in.getByte(in.readerIndex() + i);
            if (b < 0x20 || b > 0x7e) {
                throw VerifierDecodeException.malformed(field + " must be printable ASCII");
            }
        }
        return in.readCharSequence(length, StandardCharsets.US_ASCII).toString();
    }

    static void writeShortAscii(ByteBuf out, String value) {
        out.writeByte(value.length());
        out.writeCharSequence(value, StandardCharsets.US_ASCII);
    }

    static int shortAsciiLength(String value) {
        return 1 + value.length();
    }

    static String requireShortAscii(String value, String field) {
        if (value.length() > 255) {
            throw new IllegalArgumentException(field + " longer than 255 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(field + " must be printable ASCII");
            }
        }
        return value;
    }
}
