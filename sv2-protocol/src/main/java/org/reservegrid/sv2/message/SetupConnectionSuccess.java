package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import org.reservegrid.sv2.binary.U16;
import org.reservegrid.sv2.binary.U32;

/**
 * {@code SetupConnection.Success}: the version used for the rest of the connection and the server's feature flags.
 *
 * <p>Wire layout (sv2-spec §3.6.2, server to client; type {@link MessageType#SETUP_CONNECTION_SUCCESS}): fields in this
 * order, no padding.
 *
 * @param usedVersion {@code used_version} (U16)
 * @param flags {@code flags} (U32)
 */
public record SetupConnectionSuccess(int usedVersion, long flags) implements ServerToClient {

    public SetupConnectionSuccess {
        U16.require(usedVersion, "used_version");
        U32.require(flags, "flags");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetupConnectionSuccess read(ByteBuf in) {
        int usedVersion = U16.readValue(in);
        long flags = U32.readValue(in);
        return new SetupConnectionSuccess(usedVersion, flags);
    }

    public void write(ByteBuf out) {
        U16.writeValue(out, usedVersion);
        U32.writeValue(out, flags);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U16.LENGTH + U32.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.SETUP_CONNECTION_SUCCESS;
    }
}
