package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import org.reservegrid.sv2.binary.U32;
import org.reservegrid.sv2.binary.U64;

/**
 * {@code SubmitShares.Success}: acknowledges a batch of accepted shares. {@code new_shares_sum} is an unsigned 64-bit
 * sum held in a {@code long}.
 *
 * <p>Wire layout (sv2-spec §5.3.13, server to client; type {@link MessageType#SUBMIT_SHARES_SUCCESS}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param lastSequenceNumber {@code last_sequence_number} (U32)
 * @param newSubmitsAcceptedCount {@code new_submits_accepted_count} (U32)
 * @param newSharesSum {@code new_shares_sum} (U64)
 */
public record SubmitSharesSuccess(
        long channelId, long lastSequenceNumber, long newSubmitsAcceptedCount, long newSharesSum)
        implements ServerToClient {

    public SubmitSharesSuccess {
        U32.require(channelId, "channel_id");
        U32.require(lastSequenceNumber, "last_sequence_number");
        U32.require(newSubmitsAcceptedCount, "new_submits_accepted_count");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SubmitSharesSuccess read(ByteBuf in) {
        long channelId = U32.readValue(in);
        long lastSequenceNumber = U32.readValue(in);
        long newSubmitsAcceptedCount = U32.readValue(in);
        long newSharesSum = U64.readValue(in);
        return new SubmitSharesSuccess(channelId, lastSequenceNumber, newSubmitsAcceptedCount, newSharesSum);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        U32.writeValue(out, lastSequenceNumber);
        U32.writeValue(out, newSubmitsAcceptedCount);
        U64.writeValue(out, newSharesSum);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U32.LENGTH + U32.LENGTH + U64.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.SUBMIT_SHARES_SUCCESS;
    }
}
