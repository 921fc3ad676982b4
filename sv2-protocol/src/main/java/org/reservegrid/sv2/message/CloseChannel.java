package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U32;

/**
 * Ends a channel; {@code reason_code} is a free-form printable ASCII string.
 *
 * <p>Wire layout (sv2-spec §5.3.9, either direction; type {@link MessageType#CLOSE_CHANNEL}): fields in this order, no
 * padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param reasonCode {@code reason_code} (STR0_255)
 */
public record CloseChannel(long channelId, Str0255 reasonCode) implements ClientToServer, ServerToClient {

    public CloseChannel {
        U32.require(channelId, "channel_id");
        Objects.requireNonNull(reasonCode, "reason_code");
    }

    public CloseChannel(long channelId, String reasonCode) {
        this(channelId, Str0255.of(reasonCode));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static CloseChannel read(ByteBuf in) {
        long channelId = U32.readValue(in);
        Str0255 reasonCode = Str0255.read(in);
        return new CloseChannel(channelId, reasonCode);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        reasonCode.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + reasonCode.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.CLOSE_CHANNEL;
    }
}
