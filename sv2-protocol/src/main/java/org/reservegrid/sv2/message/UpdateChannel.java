package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.F32;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * Announces a new nominal hash rate and maximum target for a channel; SRI pools always answer with {@code SetTarget}.
 *
 * <p>Wire layout (sv2-spec §5.3.7, client to server; type {@link MessageType#UPDATE_CHANNEL}): fields in this order, no
 * padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param nominalHashRate {@code nominal_hash_rate} (F32)
 * @param maximumTarget {@code maximum_target} (U256)
 */
public record UpdateChannel(long channelId, float nominalHashRate, U256 maximumTarget) implements ClientToServer {

    public UpdateChannel {
        U32.require(channelId, "channel_id");
        Objects.requireNonNull(maximumTarget, "maximum_target");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static UpdateChannel read(ByteBuf in) {
        long channelId = U32.readValue(in);
        float nominalHashRate = F32.readValue(in);
        U256 maximumTarget = U256.read(in);
        return new UpdateChannel(channelId, nominalHashRate, maximumTarget);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        F32.writeValue(out, nominalHashRate);
        maximumTarget.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + F32.LENGTH + U256.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.UPDATE_CHANNEL;
    }
}
