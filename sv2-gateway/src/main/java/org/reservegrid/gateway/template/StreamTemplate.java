package org.reservegrid.gateway.template;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.sv2.binary.U256;

/**
 * One template event of template-manager's stream, reduced to what a pool needs to build jobs and blocks. Hashes
 * are in internal byte order (the reverse of the display hex the stream carries).
 *
 * @param sequence template-manager's sequence number (the SSE event id)
 * @param prevHash the previous block hash, internal order, as it goes into SetNewPrevHash and the header
 * @param nbits the compact network target
 * @param curtime the node's current time, the jobs' min_ntime
 * @param witnessCommitment the template's {@code default_witness_commitment} as given: a whole output script or a
 *     bare 32-byte hash; null when the node gave none
 * @param transactions the non-coinbase transactions in block order
 * @param receivedAtNanos {@link System#nanoTime()} when the gateway read the event, for fan-out latency
 */
public record StreamTemplate(
        long sequence,
        long height,
        U256 prevHash,
        long version,
        long nbits,
        long curtime,
        long coinbaseValue,
        byte @Nullable [] witnessCommitment,
        List<Transaction> transactions,
        long receivedAtNanos) {

    public StreamTemplate {
        transactions = List.copyOf(transactions);
    }

    /**
     * One transaction of the template.
     *
     * @param data the raw serialization (with witness data when it has any)
     * @param txid internal byte order
     * @param wtxid internal byte order; equal to {@code txid} without witness data
     */
    public record Transaction(byte[] data, byte[] txid, byte[] wtxid) {}
}
