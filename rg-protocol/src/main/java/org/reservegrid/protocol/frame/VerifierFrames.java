package org.reservegrid.protocol.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.VerifierDecodeException;
import org.reservegrid.protocol.message.MessageKind;
import org.reservegrid.protocol.message.ProtocolError;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerifierMessage;

/**
 * Verifier framing: {@code u32 length | u8 type | u8 version | body}, length big-endian and counting the bytes
 * after it. The length is checked against the maximum before any body byte is buffered.
 */
public final class VerifierFrames {
    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** Type and version bytes that precede every body. */
    public static final int PREAMBLE_BYTES = 2;
    /** Default cap: a 10,000-transaction proposal is under 0.5 MiB; 8 MiB leaves room and bounds memory. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private VerifierFrames() {}

    /** Encodes one message as a complete frame. */
    public static ByteBuf encode(ByteBufAllocator allocator, VerifierMessage message) {
        int bodyLength = message.encodedLength();
        ByteBuf out = allocator.buffer(LENGTH_BYTES + PREAMBLE_BYTES + bodyLength);
        writeFrame(out, message, bodyLength);
        return out;
    }

    static void writeFrame(ByteBuf out, VerifierMessage message, int bodyLength) {
        out.writeInt(PREAMBLE_BYTES + bodyLength);
        out.writeByte(message.kind().code());
        out.writeByte(VerifierMessage.VERSION);
        int start = out.writerIndex();
        message.write(out);
        if (out.writerIndex() - start != bodyLength) {
            throw new IllegalStateException(
                    message.kind() + " wrote " + (out.writerIndex() - start) + " bytes but declared " + bodyLength);
        }
    }

    /**
     * Decodes the frame content after the length prefix: type, version and body, which must fill {@code frame}.
     *
     * @throws VerifierDecodeException for an unknown type, an unsupported version or a malformed body
     */
    public static VerifierMessage decodeFrame(ByteBuf frame) {
        if (frame.readableBytes() < PREAMBLE_BYTES) {
            throw VerifierDecodeException.malformed("frame shorter than its type and version bytes");
        }
        int typeCode = frame.readUnsignedByte();
        int version = frame.readUnsignedByte();
        MessageKind kind;
        try {
            kind = MessageKind.fromCode(typeCode);
        } catch (IllegalArgumentException e) {
            throw VerifierDecodeException.malformed("unknown message type " + typeCode);
        }
        if (version != VerifierMessage.VERSION) {
            throw new VerifierDecodeException(
                    GatewayReason.UNSUPPORTED_PROTOCOL_VERSION,
                    "message version " + version + " is not supported; this verifier speaks version "
                            + VerifierMessage.VERSION);
        }
        try {
            return switch (kind) {
                case TEMPLATE_PROPOSE -> TemplatePropose.read(frame);
                case TEMPLATE_VERDICT -> TemplateVerdict.read(frame);
                case PROTOCOL_ERROR -> ProtocolError.read(frame);
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw VerifierDecodeException.malformed(kind + ": " + e.getMessage());
        }
    }
}
