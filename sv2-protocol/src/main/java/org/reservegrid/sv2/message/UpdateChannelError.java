package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U32;

/**
 * {@code UpdateChannel.Error}: rejects an {@code UpdateChannel} request.
 *
 * <p>Wire layout (sv2-spec §5.3.8, server to client; type {@link MessageType#UPDATE_CHANNEL_ERROR}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param errorCode {@code error_code} (STR0_255)
 */
public record UpdateChannelError(long channelId, Str0255 errorCode) implements ServerToClient {

    public UpdateChannelError {
        U32.require(channelId, "channel_id");
        Objects.requireNonNull(errorCode, "error_code");
    }

    public UpdateChannelError(long channelId, UpdateChannelErrorCode errorCode) {
        this(channelId, errorCode.toStr0255());
    }

    public UpdateChannelError(long channelId, String errorCode) {
        this(channelId, Str0255.of(errorCode));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static UpdateChannelError read(ByteBuf in) {
        long channelId = U32.readValue(in);
        Str0255 errorCode = Str0255.read(in);
        return new UpdateChannelError(channelId, errorCode);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        errorCode.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + errorCode.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.UPDATE_CHANNEL_ERROR;
    }
}
