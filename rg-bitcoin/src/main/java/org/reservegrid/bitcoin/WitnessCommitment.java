package org.reservegrid.bitcoin;

import java.util.Arrays;
import java.util.List;

/**
 * The BIP141 witness commitment: the coinbase output {@code OP_RETURN OP_PUSH36 aa21a9ed <hash>} where {@code hash =
 * dSHA256(witness root || witness reserved value)}, the witness root being the merkle root of the wtxids with the
 * coinbase's counted as 32 zero bytes, and the reserved value the coinbase input's single witness item.
 *
 * @see <a href="https://github.com/bitcoin/bips/blob/master/bip-0141.mediawiki#commitment-structure">BIP141,
 *     commitment structure</a>
 */
public final class WitnessCommitment {
    /** The script's first six bytes, as getblocktemplate's {@code default_witness_commitment} starts. */
    public static final String SCRIPT_PREFIX_HEX = "6a24aa21a9ed";

    /** Length of the commitment output script: the six-byte prefix and the 32-byte hash. */
    public static final int SCRIPT_LENGTH = 38;

    private static final byte[] SCRIPT_PREFIX = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private WitnessCommitment() {}

    /** The witness reserved value the commitment is computed with: 32 zero bytes (a fresh copy). */
    public static byte[] reservedValue() {
        return new byte[DoubleSha256.LENGTH];
    }

    /** The commitment hash for the wtxids (internal order) of every transaction after the coinbase. */
    public static byte[] hash(List<byte[]> wtxidsAfterCoinbase) {
        byte[][] leaves = new byte[wtxidsAfterCoinbase.size() + 1][];
        leaves[0] = new byte[DoubleSha256.LENGTH];
        for (int i = 0; i < wtxidsAfterCoinbase.size(); i++) {
            leaves[i + 1] = wtxidsAfterCoinbase.get(i);
        }
        return DoubleSha256.hashPair(Merkle.root(Arrays.asList(leaves)), reservedValue());
    }

    /** The output script committing to {@code commitmentHash}. */
    public static byte[] script(byte[] commitmentHash) {
        if (commitmentHash.length != DoubleSha256.LENGTH) {
            throw new IllegalArgumentException("a witness commitment hash is 32 bytes, got " + commitmentHash.length);
        }
        byte[] script = Arrays.copyOf(SCRIPT_PREFIX, SCRIPT_LENGTH);
        System.arraycopy(commitmentHash, 0, script, SCRIPT_PREFIX.length, DoubleSha256.LENGTH);
        return script;
    }

    /** Whether {@code script} is a commitment output script (38 bytes starting with the prefix). */
    public static boolean isScript(byte[] script) {
        return script.length == SCRIPT_LENGTH
                && Arrays.equals(script, 0, SCRIPT_PREFIX.length, SCRIPT_PREFIX, 0, SCRIPT_PREFIX.length);
    }
}
