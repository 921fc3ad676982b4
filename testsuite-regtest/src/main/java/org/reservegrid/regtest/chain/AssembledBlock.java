package org.reservegrid.regtest.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A full block built by {@link BlockAssembler}: header fields plus serialized transactions, coinbase first.
 * Immutable; {@link #withNonce(long)} and {@link #solve()} return new instances.
 */
public final class AssembledBlock {
    private final long version;
    private final byte[] previousBlockHash;
    private final byte[] merkleRoot;
    private final long time;
    private final long bits;
    private final long nonce;
    private final List<byte[]> transactions;
    private final BigInteger target;
    private final Optional<byte[]> witnessCommitmentScript;

    AssembledBlock(
            long version,
            byte[] previousBlockHash,
            byte[] merkleRoot,
            long time,
            long bits,
            long nonce,
            List<byte[]> transactions,
            BigInteger target,
            Optional<byte[]> witnessCommitmentScript) {
        this.version = version;
        this.previousBlockHash = previousBlockHash.clone();
        this.merkleRoot = merkleRoot.clone();
        this.time = time;
        this.bits = bits;
        this.nonce = nonce;
        this.transactions = List.copyOf(transactions);
        this.target = target;
        this.witnessCommitmentScript = witnessCommitmentScript.map(byte[]::clone);
    }

    /** The 80-byte header: version, previous hash, merkle root, time, bits, nonce. */
    public byte[] header() {
        return new ByteWriter()
                .uint32(version)
                .bytes(previousBlockHash)
                .bytes(merkleRoot)
                .uint32(time)
                .uint32(bits)
                .uint32(nonce)
                .toByteArray();
    }

    /** Display-order hex of the block hash, as RPC shows it. */
    public String hash() {
        return Hashes.toDisplayHex(Hashes.sha256d(header()));
    }

    /** Display-order hex of the merkle root. */
    public String merkleRoot() {
        return Hashes.toDisplayHex(merkleRoot);
    }

    public long nonce() {
        return nonce;
    }

    public long time() {
        return time;
    }

    public int transactionCount() {
        return transactions.size();
    }

    /** The coinbase transaction as serialized in the block (with its witness when the block commits to witnesses). */
    public byte[] coinbase() {
        return transactions.getFirst().clone();
    }

    /** The BIP141 commitment output script in the coinbase, when the block has one. */
    public Optional<byte[]> witnessCommitmentScript() {
        return witnessCommitmentScript.map(byte[]::clone);
    }

    public boolean meetsTarget() {
        return new BigInteger(1, Hashes.reversed(Hashes.sha256d(header()))).compareTo(target) <= 0;
    }

    public AssembledBlock withNonce(long newNonce) {
        return new AssembledBlock(
                version,
                previousBlockHash,
                merkleRoot,
                time,
                bits,
                newNonce,
                transactions,
                target,
                witnessCommitmentScript);
    }

    /**
     * Grinds the nonce upward from the current one until the header hash meets the target. At regtest difficulty
     * (bits 207fffff) about every second nonce does; a real-network target would take far more than 2^32 tries.
     */
    public AssembledBlock solve() {
        for (long candidate = nonce; candidate <= 0xffffffffL; candidate++) {
            AssembledBlock attempt = withNonce(candidate);
            if (attempt.meetsTarget()) {
                return attempt;
            }
        }
        throw new IllegalStateException("nonce space exhausted without meeting target " + target.toString(16));
    }

    /** The block as {@code submitblock} takes it: header, transaction count, transactions. */
    public byte[] serialize() {
        ByteWriter block = new ByteWriter().bytes(header()).compactSize(transactions.size());
        transactions.forEach(block::bytes);
        return block.toByteArray();
    }
}
