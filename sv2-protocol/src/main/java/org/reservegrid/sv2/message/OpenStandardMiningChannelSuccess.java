package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * {@code OpenStandardMiningChannel.Success}: the new channel id, its initial target, the extranonce prefix and the
 * group channel.
 *
 * <p>Wire layout (sv2-spec §5.3.3, server to client; type {@link MessageType#OPEN_STANDARD_MINING_CHANNEL_SUCCESS}):
 * fields in this order, no padding.
 *
 * @param requestId {@code request_id} (U32)
 * @param channelId {@code channel_id} (U32)
 * @param target {@code target} (U256)
 * @param extranoncePrefix {@code extranonce_prefix} (B0_32)
 * @param groupChannelId {@code group_channel_id} (U32)
 */
public record OpenStandardMiningChannelSuccess(
        long requestId, long channelId, U256 target, B032 extranoncePrefix, long groupChannelId)
        implements ServerToClient {

    public OpenStandardMiningChannelSuccess {
        U32.require(requestId, "request_id");
        U32.require(channelId, "channel_id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(extranoncePrefix, "extranonce_prefix");
        U32.require(groupChannelId, "group_channel_id");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static OpenStandardMiningChannelSuccess read(ByteBuf in) {
        long requestId = U32.readValue(in);
        long channelId = U32.readValue(in);
        U256 target = U256.read(in);
        B032 extranoncePrefix = B032.read(in);
        long groupChannelId = U32.readValue(in);
        return new OpenStandardMiningChannelSuccess(requestId, channelId, target, extranoncePrefix, groupChannelId);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, requestId);
        U32.writeValue(out, channelId);
        target.write(out);
        extranoncePrefix.write(out);
        U32.writeValue(out, groupChannelId);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U32.LENGTH + U256.LENGTH + extranoncePrefix.encodedLength() + U32.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.OPEN_STANDARD_MINING_CHANNEL_SUCCESS;
    }
}
