package org.reservegrid.sv2.mining;

import java.util.ArrayList;
import java.util.List;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.bitcoin.Merkle;
import org.reservegrid.sv2.binary.U256;

/**
 * Standard-job merkle roots (spec §5.3.16 and section 6 of {@code INTEROP-NOTES.md}): the coinbase txid folded with
 * the merkle path, deepest node first, all in raw (internal) byte order. The tree arithmetic is rg-bitcoin's
 * {@link Merkle}; this class speaks in the U256 values the SV2 messages carry.
 */
public final class MerkleRoots {

    private MerkleRoots() {}

    /** The merkle path of the coinbase (leaf 0) given the other transactions' txids in block order. */
    public static List<U256> coinbasePath(List<byte[]> txidsAfterCoinbase) {
        return Merkle.coinbasePath(txidsAfterCoinbase).stream().map(U256::of).toList();
    }

    /**
     * The root for a standard channel's job: {@code coinbase = prefix || extranonce_prefix || suffix} in non-witness
     * serialization, then {@link #fromCoinbase}.
     */
    public static U256 forStandardJob(
            byte[] coinbaseTxPrefix, byte[] extranoncePrefix, byte[] coinbaseTxSuffix, List<U256> merklePath) {
        byte[] coinbase = new byte[coinbaseTxPrefix.length + extranoncePrefix.length + coinbaseTxSuffix.length];
        System.arraycopy(coinbaseTxPrefix, 0, coinbase, 0, coinbaseTxPrefix.length);
        System.arraycopy(extranoncePrefix, 0, coinbase, coinbaseTxPrefix.length, extranoncePrefix.length);
        System.arraycopy(
                coinbaseTxSuffix,
                0,
                coinbase,
                coinbaseTxPrefix.length + extranoncePrefix.length,
                coinbaseTxSuffix.length);
        return fromCoinbase(coinbase, merklePath);
    }

    /** {@code root = dSHA256(coinbase)}; then {@code root = dSHA256(root || node)} for each path node. */
    public static U256 fromCoinbase(byte[] coinbaseNonWitness, List<U256> merklePath) {
        List<byte[]> path = new ArrayList<>(merklePath.size());
        for (U256 node : merklePath) {
            path.add(node.bytes());
        }
        return U256.of(Merkle.foldPath(DoubleSha256.hash(coinbaseNonWitness), path));
    }
}
