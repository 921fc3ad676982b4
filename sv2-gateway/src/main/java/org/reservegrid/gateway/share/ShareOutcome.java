package org.reservegrid.gateway.share;

import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.message.SubmitSharesErrorCode;
import org.reservegrid.sv2.mining.BlockHeader;

/** What the pool concluded about one submitted share. */
public sealed interface ShareOutcome {
    /** A valid share that met the job target. {@code expectedHashes} is the work it proves. */
    record Accepted(double difficulty, double expectedHashes, U256 hash) implements ShareOutcome {}

    /** A share whose hash also meets the network target: a block. */
    record BlockFound(double difficulty, double expectedHashes, U256 hash, BlockHeader header)
            implements ShareOutcome {}

    /**
     * A rejected share.
     *
     * @param sv2ErrorCode the SubmitShares.Error code on the wire, as the reference pool sends it
     * @param reason the same event as the gateway's metrics, logs and API label it
     */
    record Rejected(SubmitSharesErrorCode sv2ErrorCode, GatewayReason reason, String detail) implements ShareOutcome {}
}
