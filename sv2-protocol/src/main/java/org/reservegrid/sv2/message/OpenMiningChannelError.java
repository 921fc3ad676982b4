package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U32;

/**
 * {@code OpenMiningChannel.Error}: rejects a standard or extended channel open request.
 *
 * <p>Wire layout (sv2-spec §5.3.6, server to client; type {@link MessageType#OPEN_MINING_CHANNEL_ERROR}): fields in
 * this order, no padding.
 *
 * @param requestId {@code request_id} (U32)
 * @param errorCode {@code error_code} (STR0_255)
 */
public record OpenMiningChannelError(long requestId, Str0255 errorCode) implements ServerToClient {

    public OpenMiningChannelError {
        U32.require(requestId, "request_id");
        Objects.requireNonNull(errorCode, "error_code");
    }

    public OpenMiningChannelError(long requestId, OpenMiningChannelErrorCode errorCode) {
        this(requestId, errorCode.toStr0255());
    }

    public OpenMiningChannelError(long requestId, String errorCode) {
        this(requestId, Str0255.of(errorCode));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static OpenMiningChannelError read(ByteBuf in) {
        long requestId = U32.readValue(in);
        Str0255 errorCode = Str0255.read(in);
        return new OpenMiningChannelError(requestId, errorCode);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, requestId);
        errorCode.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + errorCode.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.OPEN_MINING_CHANNEL_ERROR;
    }
}
