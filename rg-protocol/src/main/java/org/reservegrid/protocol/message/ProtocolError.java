package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.VerifierDecodeException;

/**
 * Sent by the verifier just before it closes a connection, so the client learns why (for example
 * {@code frame_too_large}) instead of seeing a bare reset.
 *
 * @param requestId the request that caused it, or 0 when the frame could not be read far enough to know
 * @param detail a short human explanation, printable ASCII, at most 255 characters
 */
public record ProtocolError(long requestId, GatewayReason reason, String detail) implements VerifierMessage {

    public ProtocolError {
        Objects.requireNonNull(reason, "reason");
        detail = sanitize(detail);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.PROTOCOL_ERROR;
    }

    public static ProtocolError read(ByteBuf in) {
        long requestId = Wire.readU64(in, "request_id");
        String code = Wire.readShortAscii(in, "reason");
        String detail = Wire.readShortAscii(in, "detail");
        if (in.isReadable()) {
            throw VerifierDecodeException.malformed("unexpected bytes after the protocol error");
        }
        try {
            return new ProtocolError(requestId, GatewayReason.fromCode(code), detail);
        } catch (IllegalArgumentException e) {
            throw VerifierDecodeException.malformed("unknown reason " + code);
        }
    }

    @Override
    public void write(ByteBuf out) {
        out.writeLong(requestId);
        Wire.writeShortAscii(out, reason.code());
        Wire.writeShortAscii(out, detail);
    }

    @Override
    public int encodedLength() {
        return 8 + Wire.shortAsciiLength(reason.code()) + Wire.shortAsciiLength(detail);
    }

    private static String sanitize(String detail) {
        StringBuilder clean = new StringBuilder(Math.min(detail.length(), 255));
        for (int i = 0; i < detail.length() && clean.length() < 255; i++) {
            char c = detail.charAt(i);
            clean.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return clean.toString();
    }
}
