package org.reservegrid.sv2.mining;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.reservegrid.sv2.binary.U256;

/**
 * Standard-job merkle roots (spec §5.3.16 and section 6 of {@code INTEROP-NOTES.md}): the coinbase txid folded with
 * the merkle path, deepest node first, all in raw (internal) byte order.
 */
public final class MerkleRoots {

    private MerkleRoots() {}

    /**
     * The root for a standard channel's job: {@code coinbase = prefix || extranonce_prefix || suffix} in non-witness
     * serialization, then {@link #fromCoinbase}.
     */
    public static U256 forStandardJob(
            byte[] coinbaseTxPrefix, byte[] extranoncePrefix, byte[] coinbaseTxSuffix, List<U256> merklePath) {
        ByteArrayOutputStream coinbase = new ByteArrayOutputStream();
        coinbase.writeBytes(coinbaseTxPrefix);
        coinbase.writeBytes(extranoncePrefix);
        coinbase.writeBytes(coinbaseTxSuffix);
        return fromCoinbase(coinbase.toByteArray(), merklePath);
    }

    /** {@code root = dSHA256(coinbase)}; then {@code root = dSHA256(root || node)} for each path node. */
    public static U256 fromCoinbase(byte[] coinbaseNonWitness, List<U256> merklePath) {
        byte[] root = DoubleSha256.hash(coinbaseNonWitness);
        for (U256 node : merklePath) {
            root = DoubleSha256.hash(root, node.bytes());
        }
        return U256.of(root);
    }
}
