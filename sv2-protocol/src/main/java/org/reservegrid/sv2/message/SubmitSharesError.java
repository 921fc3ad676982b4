package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U32;

/**
 * {@code SubmitShares.Error}: rejects one share, identified by its sequence number.
 *
 * <p>Wire layout (sv2-spec §5.3.14, server to client; type {@link MessageType#SUBMIT_SHARES_ERROR}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param sequenceNumber {@code sequence_number} (U32)
 * @param errorCode {@code error_code} (STR0_255)
 */
public record SubmitSharesError(long channelId, long sequenceNumber, Str0255 errorCode) implements ServerToClient {

    public SubmitSharesError {
        U32.require(channelId, "channel_id");
        U32.require(sequenceNumber, "sequence_number");
        Objects.requireNonNull(errorCode, "error_code");
    }

    public SubmitSharesError(long channelId, long sequenceNumber, SubmitSharesErrorCode errorCode) {
        this(channelId, sequenceNumber, errorCode.toStr0255());
    }

    public SubmitSharesError(long channelId, long sequenceNumber, String errorCode) {
        this(channelId, sequenceNumber, Str0255.of(errorCode));
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SubmitSharesError read(ByteBuf in) {
        long channelId = U32.readValue(in);
        long sequenceNumber = U32.readValue(in);
        Str0255 errorCode = Str0255.read(in);
        return new SubmitSharesError(channelId, sequenceNumber, errorCode);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        U32.writeValue(out, sequenceNumber);
        errorCode.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U32.LENGTH + errorCode.encodedLength();
    }

    @Override
    public MessageType messageType() {
        return MessageType.SUBMIT_SHARES_ERROR;
    }
}
