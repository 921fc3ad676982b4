package org.reservegrid.demofeed.simulation;

import org.jspecify.annotations.Nullable;

/**
 * A generated transaction: a structurally valid serialisation (random keys, signatures and outpoints, so it would
 * never validate against a real UTXO set) with the txid, wtxid, weight and sigop cost computed from those bytes.
 *
 * @param dataHex full serialisation (with witness when there is one), as getblocktemplate's {@code data}
 * @param txid display-order hash of the serialisation without witness
 * @param wtxid display-order hash of the full serialisation; equal to the txid when there is no witness
 * @param wtxidInternal the wtxid in internal byte order, the leaf of the witness merkle tree
 * @param size serialised size in bytes
 * @param weight BIP 141 weight: three times the stripped size plus the full size
 * @param sigops sigop cost as Bitcoin Core reports it in getblocktemplate
 * @param fee fee in satoshis
 * @param parentTxid txid of the unconfirmed transaction this one spends, if any
 */
public record SyntheticTransaction(
        String dataHex,
        String txid,
        String wtxid,
        byte[] wtxidInternal,
        int size,
        int weight,
        int sigops,
        long fee,
        @Nullable String parentTxid) {

    /** Virtual size: weight divided by four, rounded up. */
    public int vsize() {
        return (weight + 3) / 4;
    }

    /** Fee rate in satoshis per virtual byte. */
    public double feeRate() {
        return (double) fee / vsize();
    }
}
