package org.reservegrid.sv2.mining;

import java.util.ArrayList;
import java.util.List;
import org.reservegrid.sv2.binary.U256;

/**
 * Merkle branches for jobs (the path from the coinbase, leaf 0, to the root) and the BIP141 witness commitment.
 * Hashes in internal order; {@link MerkleRoots} folds a coinbase up a path.
 */
public final class MerklePath {
    private MerklePath() {}

    /** The path for leaf 0 given the other transactions' txids in block order. */
    public static List<U256> forCoinbase(List<byte[]> txids) {
        List<U256> path = new ArrayList<>();
        List<byte[]> level = new ArrayList<>(txids.size() + 1);
        level.add(null);
        level.addAll(txids);
        while (level.size() > 1) {
            path.add(U256.of(level.get(1)));
            if (level.size() % 2 == 1) {
                level.add(level.getLast());
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            next.add(null);
            for (int i = 2; i < level.size(); i += 2) {
                next.add(DoubleSha256.hash(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return List.copyOf(path);
    }

    /** Merkle root of a full list of leaves (used for the BIP141 witness root). */
    public static byte[] rootOf(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a merkle tree needs at least one leaf");
        }
        List<byte[]> level = new ArrayList<>(leaves);
        while (level.size() > 1) {
            if (level.size() % 2 == 1) {
                level.add(level.getLast());
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(DoubleSha256.hash(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return level.getFirst();
    }

    /**
     * BIP141 commitment hash: dSHA256(witness root || witness reserved value), where the witness root's first leaf
     * (the coinbase) is all zeros and the reserved value is 32 zero bytes.
     */
    public static byte[] witnessCommitment(List<byte[]> wtxids) {
        List<byte[]> leaves = new ArrayList<>(wtxids.size() + 1);
        leaves.add(new byte[32]);
        leaves.addAll(wtxids);
        return DoubleSha256.hash(rootOf(leaves), new byte[32]);
    }
}
