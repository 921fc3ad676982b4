package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import org.reservegrid.sv2.binary.U32;

/**
 * A proxy tells the client that a channel's other endpoint changed, so extension state must be negotiated again.
 *
 * <p>Wire layout (sv2-spec §3.6.4, server to client; type {@link MessageType#CHANNEL_ENDPOINT_CHANGED}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 */
public record ChannelEndpointChanged(long channelId) implements ServerToClient {

    public ChannelEndpointChanged {
        U32.require(channelId, "channel_id");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static ChannelEndpointChanged read(ByteBuf in) {
        long channelId = U32.readValue(in);
        return new ChannelEndpointChanged(channelId);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.CHANNEL_ENDPOINT_CHANGED;
    }
}
