package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import org.reservegrid.sv2.binary.U32;

/**
 * A share found on a standard channel: the header fields the miner chose for a job.
 *
 * <p>Wire layout (sv2-spec §5.3.11, client to server; type {@link MessageType#SUBMIT_SHARES_STANDARD}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param sequenceNumber {@code sequence_number} (U32)
 * @param jobId {@code job_id} (U32)
 * @param nonce {@code nonce} (U32)
 * @param ntime {@code ntime} (U32)
 * @param version {@code version} (U32)
 */
public record SubmitSharesStandard(
        long channelId, long sequenceNumber, long jobId, long nonce, long ntime, long version)
        implements ClientToServer {

    public SubmitSharesStandard {
        U32.require(channelId, "channel_id");
        U32.require(sequenceNumber, "sequence_number");
        U32.require(jobId, "job_id");
        U32.require(nonce, "nonce");
        U32.require(ntime, "ntime");
        U32.require(version, "version");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SubmitSharesStandard read(ByteBuf in) {
        long channelId = U32.readValue(in);
        long sequenceNumber = U32.readValue(in);
        long jobId = U32.readValue(in);
        long nonce = U32.readValue(in);
        long ntime = U32.readValue(in);
        long version = U32.readValue(in);
        return new SubmitSharesStandard(channelId, sequenceNumber, jobId, nonce, ntime, version);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        U32.writeValue(out, sequenceNumber);
        U32.writeValue(out, jobId);
        U32.writeValue(out, nonce);
        U32.writeValue(out, ntime);
        U32.writeValue(out, version);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U32.LENGTH + U32.LENGTH + U32.LENGTH + U32.LENGTH + U32.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.SUBMIT_SHARES_STANDARD;
    }
}
