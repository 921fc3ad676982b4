package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * Sets the maximum target for shares on a channel (a little-endian U256).
 *
 * <p>Wire layout (sv2-spec §5.3.21, server to client; type {@link MessageType#SET_TARGET}): fields in this order, no
 * padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param maximumTarget {@code maximum_target} (U256)
 */
public record SetTarget(long channelId, U256 maximumTarget) implements ServerToClient {

    public SetTarget {
        U32.require(channelId, "channel_id");
        Objects.requireNonNull(maximumTarget, "maximum_target");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetTarget read(ByteBuf in) {
        long channelId = U32.readValue(in);
        U256 maximumTarget = U256.read(in);
        return new SetTarget(channelId, maximumTarget);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        maximumTarget.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U256.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.SET_TARGET;
    }
}
