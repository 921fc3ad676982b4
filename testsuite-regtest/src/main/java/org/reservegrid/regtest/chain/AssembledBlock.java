package org.reservegrid.regtest.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;

/**
 * A full block built by {@link BlockAssembler}: header fields plus transactions, coinbase first, serialised and
 * hashed by bitcoinj. Immutable; {@link #withNonce(long)} and {@link #solve()} return new instances.
 */
public final class AssembledBlock {
    private final long version;
    private final Sha256Hash previousBlockHash;
    private final Sha256Hash merkleRoot;
    private final long time;
    private final long bits;
    private final long nonce;
    private final List<Transaction> transactions;
    private final BigInteger target;
    private final Optional<byte[]> witnessCommitmentScript;
    private final Block block;

    AssembledBlock(
            long version,
            Sha256Hash previousBlockHash,
            Sha256Hash merkleRoot,
            long time,
            long bits,
            long nonce,
            List<Transaction> transactions,
            BigInteger target,
            Optional<byte[]> witnessCommitmentScript) {
        this.version = version;
        this.previousBlockHash = previousBlockHash;
        this.merkleRoot = merkleRoot;
        this.time = time;
        this.bits = bits;
        this.nonce = nonce;
        this.transactions = List.copyOf(transactions);
        this.target = target;
        this.witnessCommitmentScript = witnessCommitmentScript.map(byte[]::clone);
        this.block = new Block(
                version, previousBlockHash, merkleRoot, Instant.ofEpochSecond(time), bits, nonce, this.transactions);
    }

    /** The 80-byte header: version, previous hash, merkle root, time, bits, nonce. */
    public byte[] header() {
        return block.cloneAsHeader().serialize();
    }

    /** Display-order hex of the block hash, as RPC shows it. */
    public String hash() {
        return block.getHashAsString();
    }

    /** Display-order hex of the merkle root. */
    public String merkleRoot() {
        return merkleRoot.toString();
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
        return transactions.getFirst().serialize();
    }

    /** The BIP141 commitment output script in the coinbase, when the block has one. */
    public Optional<byte[]> witnessCommitmentScript() {
        return witnessCommitmentScript.map(byte[]::clone);
    }

    public boolean meetsTarget() {
        return block.getHash().toBigInteger().compareTo(target) <= 0;
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
        return block.serialize();
    }
}
