package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.B032;
import org.reservegrid.sv2.binary.U32;

/**
 * Replaces the extranonce prefix of a channel for all jobs that follow.
 *
 * <p>Wire layout (sv2-spec §5.3.10, server to client; type {@link MessageType#SET_EXTRANONCE_PREFIX}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param extranoncePrefix {@code extranonce_prefix} (B0_32)
 */
public record SetExtranoncePrefix(long channelId, B032 extranoncePrefix) implements ServerToClient {

    public SetExtranoncePrefix {
        U32.require(channelId, "channel_id");
        Objects.requireNonNull(extranoncePrefix, "extranonce_prefix");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetExtranoncePrefix read(ByteBuf in) {
        long channelId = U32.readValue(in);
        B032 extranoncePrefix = B032.read(in);
        return new SetExtranoncePrefix(channelId, extranoncePrefix);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        extranoncePrefix.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + extranoncePrefix.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.SET_EXTRANONCE_PREFIX;
    }
}
