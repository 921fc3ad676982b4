package org.reservegrid.bitcoin;

import java.util.ArrayList;
import java.util.List;

/**
 * Bitcoin's merkle tree over internal-order hashes: each node is {@link DoubleSha256#hashPair} of its children, and
 * a level with an odd count pairs its last node with itself. Also the path a pool sends miners (the siblings of
 * leaf 0, the coinbase, deepest first) and the fold that turns a coinbase txid and that path into the root.
 */
public final class Merkle {
    private Merkle() {}

    /**
     * The root of {@code leaves} (txids, or wtxids for the witness tree).
     *
     * @throws IllegalArgumentException when there are no leaves
     */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a merkle tree needs at least one leaf");
        }
        DoubleSha256.Hasher hasher = DoubleSha256.newHasher();
        byte[][] level = leaves.toArray(byte[][]::new);
        int count = level.length;
        while (count > 1) {
            int next = 0;
            for (int i = 0; i < count; i += 2) {
                byte[] right = i + 1 < count ? level[i + 1] : level[i];
                level[next++] = hasher.hashPair(level[i], right);
            }
            count = next;
        }
        return level[0].clone();
    }

    /**
     * The merkle path of leaf 0: given the txids of every transaction after the coinbase, in block order, the sibling
     * hashes from the bottom of the tree to the top. Empty for a block with only a coinbase.
     */
    public static List<byte[]> coinbasePath(List<byte[]> txidsAfterCoinbase) {
        DoubleSha256.Hasher hasher = DoubleSha256.newHasher();
        List<byte[]> path = new ArrayList<>();
        // The level without its first node (the one on leaf 0's branch, which is unknown until the coinbase is).
        List<byte[]> rest = new ArrayList<>(txidsAfterCoinbase);
        while (!rest.isEmpty()) {
            path.add(rest.getFirst().clone());
            List<byte[]> next = new ArrayList<>(rest.size() / 2 + 1);
            // Level positions 2, 3; 4, 5; ... are rest's 1, 2; 3, 4; ...; an odd last node pairs with itself.
            for (int i = 1; i < rest.size(); i += 2) {
                byte[] right = i + 1 < rest.size() ? rest.get(i + 1) : rest.get(i);
                next.add(hasher.hashPair(rest.get(i), right));
            }
            rest = next;
        }
        return List.copyOf(path);
    }

    /** The root from leaf 0's hash and its {@link #coinbasePath}: {@code node = dSHA256(node || sibling)} upwards. */
    public static byte[] foldPath(byte[] leaf, List<byte[]> path) {
        DoubleSha256.Hasher hasher = DoubleSha256.newHasher();
        byte[] node = leaf.clone();
        for (byte[] sibling : path) {
            node = hasher.hashPair(node, sibling);
        }
        return node;
    }
}
