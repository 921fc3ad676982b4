package org.reservegrid.gateway.mining;

import java.util.ArrayList;
import java.util.List;

/** Merkle branch from the coinbase (leaf 0) to the root, as Stratum jobs carry it. Hashes in internal order. */
public final class MerklePath {
    private MerklePath() {}

    /** The path for leaf 0 given the other transactions' txids in block order. */
    public static List<byte[]> forCoinbase(List<byte[]> txids) {
        List<byte[]> path = new ArrayList<>();
        List<byte[]> level = new ArrayList<>(txids.size() + 1);
        level.add(null);
        level.addAll(txids);
        while (level.size() > 1) {
            path.add(level.get(1));
            if (level.size() % 2 == 1) {
                level.add(level.getLast());
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            next.add(null);
            for (int i = 2; i < level.size(); i += 2) {
                next.add(Hashes.sha256dPair(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return List.copyOf(path);
    }

    /** Folds a coinbase txid up the path to the merkle root. */
    public static byte[] root(byte[] coinbaseTxid, List<byte[]> path) {
        byte[] root = coinbaseTxid;
        for (byte[] node : path) {
            root = Hashes.sha256dPair(root, node);
        }
        return root;
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
                next.add(Hashes.sha256dPair(level.get(i), level.get(i + 1)));
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
        return Hashes.sha256dPair(rootOf(leaves), new byte[32]);
    }
}
