package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.OptionalLong;
import org.reservegrid.sv2.binary.Sv2Option;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * A job for a standard channel. An empty {@code min_ntime} marks a future job that a later {@code SetNewPrevHash} with
 * the same job id activates; {@code merkle_root} is carried in raw (internal) byte order.
 *
 * <p>Wire layout (sv2-spec §5.3.15, server to client; type {@link MessageType#NEW_MINING_JOB}): fields in this order,
 * no padding.
 *
 * @param channelId {@code channel_id} (U32)
 * @param jobId {@code job_id} (U32)
 * @param minNtime {@code min_ntime} (OPTION[U32])
 * @param version {@code version} (U32)
 * @param merkleRoot {@code merkle_root} (U256)
 */
public record NewMiningJob(long channelId, long jobId, OptionalLong minNtime, long version, U256 merkleRoot)
        implements ServerToClient {

    public NewMiningJob {
        U32.require(channelId, "channel_id");
        U32.require(jobId, "job_id");
        minNtime.ifPresent(value -> U32.require(value, "min_ntime"));
        U32.require(version, "version");
        Objects.requireNonNull(merkleRoot, "merkle_root");
    }

    /** Whether this job waits for a {@code SetNewPrevHash} (no {@code min_ntime}). */
    public boolean isFutureJob() {
        return minNtime.isEmpty();
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static NewMiningJob read(ByteBuf in) {
        long channelId = U32.readValue(in);
        long jobId = U32.readValue(in);
        OptionalLong minNtime = toOptionalLong(Sv2Option.read(in, U32.CODEC));
        long version = U32.readValue(in);
        U256 merkleRoot = U256.read(in);
        return new NewMiningJob(channelId, jobId, minNtime, version, merkleRoot);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, channelId);
        U32.writeValue(out, jobId);
        toSv2Option(minNtime).write(out, U32.CODEC);
        U32.writeValue(out, version);
        merkleRoot.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + U32.LENGTH + toSv2Option(minNtime).encodedLength(U32.CODEC) + U32.LENGTH + U256.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.NEW_MINING_JOB;
    }

    private static OptionalLong toOptionalLong(Sv2Option<Long> option) {
        Long value = option.value();
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Sv2Option<Long> toSv2Option(OptionalLong value) {
        return value.isPresent() ? Sv2Option.of(value.getAsLong()) : Sv2Option.empty();
    }
}
