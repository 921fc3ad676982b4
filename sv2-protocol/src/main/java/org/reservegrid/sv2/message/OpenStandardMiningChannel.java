package org.reservegrid.sv2.message;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.reservegrid.sv2.binary.F32;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * Asks for a standard channel for one user identity, announcing the expected hash rate (h/s) and the largest target the
 * device accepts.
 *
 * <p>Wire layout (sv2-spec §5.3.2, client to server; type {@link MessageType#OPEN_STANDARD_MINING_CHANNEL}): fields in
 * this order, no padding.
 *
 * @param requestId {@code request_id} (U32)
 * @param userIdentity {@code user_identity} (STR0_255)
 * @param nominalHashRate {@code nominal_hash_rate} (F32)
 * @param maxTarget {@code max_target} (U256)
 */
public record OpenStandardMiningChannel(long requestId, Str0255 userIdentity, float nominalHashRate, U256 maxTarget)
        implements ClientToServer {

    public OpenStandardMiningChannel {
        U32.require(requestId, "request_id");
        Objects.requireNonNull(userIdentity, "user_identity");
        Objects.requireNonNull(maxTarget, "max_target");
    }

    public OpenStandardMiningChannel(long requestId, String userIdentity, float nominalHashRate, U256 maxTarget) {
        this(requestId, Str0255.of(userIdentity), nominalHashRate, maxTarget);
    }

    /** Decodes the payload; {@code in} holds exactly this message's payload. */
    public static OpenStandardMiningChannel read(ByteBuf in) {
        long requestId = U32.readValue(in);
        Str0255 userIdentity = Str0255.read(in);
        float nominalHashRate = F32.readValue(in);
        U256 maxTarget = U256.read(in);
        return new OpenStandardMiningChannel(requestId, userIdentity, nominalHashRate, maxTarget);
    }

    public void write(ByteBuf out) {
        U32.writeValue(out, requestId);
        userIdentity.write(out);
        F32.writeValue(out, nominalHashRate);
        maxTarget.write(out);
    }

    /** Payload length in bytes, header excluded. */
    public int encodedLength() {
        return U32.LENGTH + userIdentity.encodedLength() + F32.LENGTH + U256.LENGTH;
    }

    @Override
    public MessageType messageType() {
        return MessageType.OPEN_STANDARD_MINING_CHANNEL;
    }
}
