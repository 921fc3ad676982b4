package org.reservegrid.regtest.chain;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.base.Coin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.base.internal.ByteUtils;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionInput;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.core.TransactionWitness;
import org.bitcoinj.script.ScriptBuilder;

/**
 * Builds a complete block from a block template, as a miner does: a coinbase paying the template's
 * {@code coinbasevalue} with the BIP34 height in its scriptSig and, when the template carries witness transactions
 * or a default commitment, the BIP141 witness commitment; then the merkle root and the 80-byte header, ready for
 * {@link AssembledBlock#solve()}.
 *
 * <p>Everything Bitcoin-specific here is bitcoinj's (transactions, scripts, merkle and witness roots, header
 * hashing), not the project's own rg-bitcoin: these suites check the project against real nodes, so the blocks
 * they submit come from an independent implementation.
 */
public final class BlockAssembler {
    /** The witness reserved value: the coinbase input's single witness item, 32 zero bytes. */
    static final byte[] WITNESS_RESERVED_VALUE = new byte[32];

    /** BIP141 commitment header: the first four bytes of the OP_RETURN data, before the 32-byte commitment. */
    private static final byte[] WITNESS_COMMITMENT_HEADER = {(byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    private BlockAssembler() {}

    /**
     * Assembles the block with nonce 0; {@code extraNonce} goes into the coinbase scriptSig after the height, so two
     * blocks from the same template differ.
     */
    public static AssembledBlock assemble(BlockTemplate template, byte[] payoutScript, long extraNonce) {
        List<Transaction> templateTransactions = parsed(template);
        boolean commit = template.hasWitnessTransactions()
                || template.defaultWitnessCommitment().isPresent();
        Optional<byte[]> commitment =
                commit ? Optional.of(witnessCommitmentScript(templateTransactions)) : Optional.empty();
        byte[] extraNonceBytes = new byte[8];
        ByteUtils.writeInt64LE(extraNonce, extraNonceBytes, 0);
        byte[] scriptSig = new ScriptBuilder()
                .number(template.height())
                .data(extraNonceBytes)
                .build()
                .program();

        List<Transaction> transactions = new ArrayList<>();
        transactions.add(coinbase(scriptSig, template.coinbaseValue(), payoutScript, commitment));
        transactions.addAll(templateTransactions);
        return new AssembledBlock(
                template.version(),
                Sha256Hash.wrap(template.previousBlockHash()),
                merkleRoot(transactions),
                Math.max(template.curTime(), template.minTime()),
                Long.parseLong(template.bits(), 16),
                0,
                transactions,
                template.target(),
                commitment);
    }

    /**
     * The BIP141 commitment output script for the template's transactions: OP_RETURN pushing the header
     * {@code aa21a9ed} and SHA256d(witness merkle root || witness reserved value), where bitcoinj takes the witness merkle root over the
     * wtxids it computes from the transactions' data, with the coinbase's counted as 32 zero bytes.
     */
    public static byte[] witnessCommitmentScript(BlockTemplate template) {
        return witnessCommitmentScript(parsed(template));
    }

    private static byte[] witnessCommitmentScript(List<Transaction> templateTransactions) {
        List<Transaction> withPlaceholderCoinbase = new ArrayList<>();
        // Any coinbase will do: bitcoinj counts the coinbase's wtxid as zero in the witness root.
        withPlaceholderCoinbase.add(coinbase(new byte[] {0x51, 0x51}, 0, new byte[] {0x51}, Optional.empty()));
        withPlaceholderCoinbase.addAll(templateTransactions);
        Sha256Hash witnessRoot = unsolved(withPlaceholderCoinbase).getWitnessRoot();
        // twiceOf wraps the digest as it comes out, so getBytes() is the hash in the order the script carries it.
        byte[] commitment = Sha256Hash.twiceOf(witnessRoot.serialize(), WITNESS_RESERVED_VALUE)
                .getBytes();
        byte[] data = new byte[WITNESS_COMMITMENT_HEADER.length + commitment.length];
        System.arraycopy(WITNESS_COMMITMENT_HEADER, 0, data, 0, WITNESS_COMMITMENT_HEADER.length);
        System.arraycopy(commitment, 0, data, WITNESS_COMMITMENT_HEADER.length, commitment.length);
        return ScriptBuilder.createOpReturnScript(data).program();
    }

    private static List<Transaction> parsed(BlockTemplate template) {
        List<Transaction> transactions = new ArrayList<>();
        for (BlockTemplate.Transaction tx : template.transactions()) {
            transactions.add(Transaction.read(ByteBuffer.wrap(tx.data())));
        }
        return transactions;
    }

    private static Sha256Hash merkleRoot(List<Transaction> transactions) {
        return unsolved(transactions).getMerkleRoot();
    }

    /** A block without a merkle root, which bitcoinj then computes from the transactions. */
    private static Block unsolved(List<Transaction> transactions) {
        return new Block(1, Sha256Hash.ZERO_HASH, null, Instant.EPOCH, 0x207fffffL, 0, transactions);
    }

    private static Transaction coinbase(
            byte[] scriptSig, long value, byte[] payoutScript, Optional<byte[]> commitmentScript) {
        Transaction coinbase = new Transaction();
        coinbase.setVersion(2);
        TransactionInput input = TransactionInput.coinbaseInput(coinbase, scriptSig);
        coinbase.addInput(
                commitmentScript.isPresent()
                        ? input.withWitness(TransactionWitness.of(WITNESS_RESERVED_VALUE))
                        : input);
        coinbase.addOutput(new TransactionOutput(coinbase, Coin.valueOf(value), payoutScript));
        commitmentScript.ifPresent(script -> coinbase.addOutput(new TransactionOutput(coinbase, Coin.ZERO, script)));
        coinbase.setLockTime(0);
        return coinbase;
    }
}
