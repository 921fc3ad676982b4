package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.reservegrid.sv2.binary.Seq064K;
import org.reservegrid.sv2.binary.U16;
import org.reservegrid.sv2.binary.U32;

/**
 * Associates channels with a group channel. Only sent to connections without {@code REQUIRES_STANDARD_JOBS}.
 *
 * <p>Wire layout (sv2-spec §5.3.22, server to client; type {@link MessageType#SET_GROUP_CHANNEL}): fields in this
 * order, no padding.
 *
 * @param groupChannelId {@code group_channel_id} (U32)
 * @param channelIds {@code channel_ids} (SEQ0_64K[U32])
 */
public record SetGroupChannel(long groupChannelId, List<Long> channelIds) implements ServerToClient {

    public SetGroupChannel {
        U32.require(groupChannelId, "group_channel_id");
        channelIds = new Seq064K<>(channelIds).elements();
        channelIds.forEach(value -> U32.require(value, "channel_ids"));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetGroupChannel read(ByteBuf in) {
        long groupChannelId = U32.readValue(in);
        List<Long> channelIds = Seq064K.read(in, U32.CODEC).elements();
        return new SetGroupChannel(groupChannelId, channelIds);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, groupChannelId);
        new Seq064K<>(channelIds).write(out, U32.CODEC);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U16.LENGTH + U32.LENGTH * channelIds.size();
    }

    @Override
    public MessageType messageType() {
        return MessageType.SET_GROUP_CHANNEL;
    }
}
