package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * The mining-protocol {@code SetNewPrevHash} (type 0x20, not the template-distribution one): activates the future job
 * {@code job_id} on a new chain tip. {@code prev_hash} is in raw (internal) byte order.
 *
 * <p>Wire layout (sv2-spec §5.3.17, server to client; type {@link MessageType#SET_NEW_PREV_HASH}): fields in this
 * order, no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param jobId {@code job_id} (U32)
 * @param prevHash {@code prev_hash} (U256)
 * @param minNtime {@code min_ntime} (U32)
 * @param nbits {@code nbits} (U32)
 */
public record SetNewPrevHash(long channelId, long jobId, U256 prevHash, long minNtime, long nbits)
        implements ServerToClient {

    public SetNewPrevHash {
        U32.require(channelId, "channel_id");
        U32.require(jobId, "job_id");
        Objects.requireNonNull(prevHash, "prev_hash");
        U32.require(minNtime, "min_ntime");
        U32.require(nbits, "nbits");
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static SetNewPrevHash read(ByteBuf in) {
        long channelId = U32.readValue(in);
        long jobId = U32.readValue(in);
        U256 prevHash = U256.read(in);
        long minNtime = U32.readValue(in);
        long nbits = U32.readValue(in);
        return new SetNewPrevHash(channelId, jobId, prevHash, minNtime, nbits);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        U32.writeValue(out, jobId);
        prevHash.write(out);
        U32.writeValue(out, minNtime);
        U32.writeValue(out, nbits);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U32.LENGTH + U256.LENGTH + U32.LENGTH + U32.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.SET_NEW_PREV_HASH;
    }
}
