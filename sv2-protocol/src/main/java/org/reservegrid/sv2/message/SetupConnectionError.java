package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U32;

/**
 * {@code SetupConnection.Error}: sent before the server closes the connection; {@code flags} lists unsupported feature
 * flags (0 when the error has another cause).
 *
 * <p>Wire layout (sv2-spec §3.6.3, server to client; type {@link MessageType#SETUP_CONNECTION_ERROR}): fields in this
 * order, no padding.
 *
 * @param flags {@code flags} (U32)
 * @param errorCode {@code error_code} (STR0_255)
 */
public record SetupConnectionError(long flags, Str0255 errorCode) implements ServerToClient {

    public SetupConnectionError {
        U32.require(flags, "flags");
        Objects.requireNonNull(errorCode, "error_code");
    }

    public SetupConnectionError(long flags, SetupConnectionErrorCode errorCode) {
        this(flags, errorCode.toStr0255());
    }

    public SetupConnectionError(long flags, String errorCode) {
        this(flags, Str0255.of(errorCode));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetupConnectionError read(ByteBuf in) {
        long flags = U32.readValue(in);
        Str0255 errorCode = Str0255.read(in);
        return new SetupConnectionError(flags, errorCode);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, flags);
        errorCode.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + errorCode.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.SETUP_CONNECTION_ERROR;
    }
}
