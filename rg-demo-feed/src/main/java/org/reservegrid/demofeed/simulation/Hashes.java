package org.reservegrid.demofeed.simulation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Bitcoin hashing helpers: double SHA-256, display-order hex and the witness commitment of BIP 141. */
public final class Hashes {
    private static final HexFormat HEX = HexFormat.of();

    /** Output script prefix of the witness commitment: OP_RETURN, push 36, then the 0xaa21a9ed tag. */
    static final String WITNESS_COMMITMENT_PREFIX = "6a24aa21a9ed";

    private final MessageDigest sha256;

    /** Each instance owns a digest: use one per thread. */
    public Hashes() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** SHA-256 applied twice, in internal byte order. */
    public byte[] sha256d(byte[] data) {
        return sha256d(data, 0, data.length);
    }

    /** SHA-256 applied twice over a slice, in internal byte order. */
    public byte[] sha256d(byte[] data, int offset, int length) {
        sha256.update(data, offset, length);
        byte[] first = sha256.digest();
        return sha256.digest(first);
    }

    /** Hex of a hash in the reversed (display) order that RPC results and block explorers use. */
    public static String displayHex(byte[] internalOrder) {
        return HEX.formatHex(reversed(internalOrder));
    }

    /** Parses display-order hex back into internal byte order. */
    public static byte[] fromDisplayHex(String displayHex) {
        return reversed(HEX.parseHex(displayHex));
    }

    /** Plain lower-case hex. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /**
     * Bitcoin merkle root of internal-order leaves: pairs are hashed with double SHA-256 and an odd last node is
     * paired with itself.
     */
    public byte[] merkleRoot(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a merkle tree needs at least one leaf");
        }
        byte[][] level = leaves.toArray(byte[][]::new);
        int count = level.length;
        byte[] pair = new byte[64];
        while (count > 1) {
            int next = 0;
            for (int i = 0; i < count; i += 2) {
                byte[] right = i + 1 < count ? level[i + 1] : level[i];
                System.arraycopy(level[i], 0, pair, 0, 32);
                System.arraycopy(right, 0, pair, 32, 32);
                level[next++] = sha256d(pair);
            }
            count = next;
        }
        return level[0];
    }

    /**
     * The {@code default_witness_commitment} script of a template: the witness merkle root over a zero coinbase
     * wtxid followed by the transactions' wtxids, committed together with the all-zero witness reserved value.
     */
    public String witnessCommitmentScript(List<byte[]> wtxidsInternalOrder) {
        List<byte[]> leaves = new ArrayList<>(wtxidsInternalOrder.size() + 1);
        leaves.add(new byte[32]);
        leaves.addAll(wtxidsInternalOrder);
        byte[] root = merkleRoot(leaves);
        byte[] committed = new byte[64];
        System.arraycopy(root, 0, committed, 0, 32);
        return WITNESS_COMMITMENT_PREFIX + hex(sha256d(committed));
    }
}
