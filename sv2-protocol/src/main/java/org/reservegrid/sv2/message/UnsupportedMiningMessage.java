package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.binary.Sv2DecodeException;
import org.reservegrid.sv2.binary.U24;
import org.reservegrid.sv2.binary.U32;

/**
 * An extended-channel or custom-job message (OpenExtendedMiningChannel and its Success, SubmitSharesExtended,
 * NewExtendedMiningJob, SetCustomMiningJob and its Success and Error; spec §5.3.4, §5.3.5, §5.3.12, §5.3.16,
 * §5.3.18-§5.3.20). This module does not decode them in full; it keeps the type, the first U32 field (the
 * {@link #leadingId()}: a request id or a channel id, see {@link MessageType#leadingField()}) and the raw payload,
 * so that a standard-channel gateway can answer, for example, OpenExtendedMiningChannel with
 * OpenMiningChannel.Error for the same request id.
 *
 * @param messageType one of the types whose {@link MessageType#leadingField()} is present
 * @param payload the whole payload as received, at least 4 bytes; defensively copied
 */
public record UnsupportedMiningMessage(MessageType messageType, byte[] payload)
        implements ClientToServer, ServerToClient {

    public UnsupportedMiningMessage {
        if (messageType.fullySupported()) {
            throw new IllegalArgumentException(messageType + " is decoded in full, not as an unsupported message");
        }
        if (payload.length < U32.LENGTH || payload.length > U24.MAX) {
            throw new IllegalArgumentException("payload must hold 4.." + U24.MAX + " bytes: " + payload.length);
        }
        payload = payload.clone();
    }

    /** Keeps the payload of a recognised but unsupported message; it must start with its U32 leading field. */
    public static UnsupportedMiningMessage read(MessageType messageType, ByteBuf in) {
        Sv2DecodeException.requireReadable(in, U32.LENGTH, messageType + " leading id");
        byte[] payload = new byte[in.readableBytes()];
        in.readBytes(payload);
        return new UnsupportedMiningMessage(messageType, payload);
    }

    public void write(ByteBuf out) {
        out.writeBytes(payload);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return payload.length;
    }

    /** The first U32 of the payload: a request id or a channel id, as {@link #leadingField()} says. */
    public long leadingId() {
        return Integer.toUnsignedLong(
                (payload[0] & 0xFF) | (payload[1] & 0xFF) << 8 | (payload[2] & 0xFF) << 16 | (payload[3] & 0xFF) << 24);
    }

    /** What {@link #leadingId()} means for this message type. */
    public MessageType.LeadingField leadingField() {
        return messageType.leadingField().orElseThrow();
    }

    /** A copy of the raw payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof UnsupportedMiningMessage that
                && messageType == that.messageType
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return 31 * messageType.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 32));
        return "UnsupportedMiningMessage[type=" + messageType + ", " + leadingField() + "=" + leadingId() + ", payload="
                + payload.length + " bytes: " + hex + (payload.length > 32 ? "..." : "") + "]";
    }
}
