package org.reservegrid.regtest.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a complete block from a block template, as a miner does: a coinbase paying the template's
 * {@code coinbasevalue} with the BIP34 height in its scriptSig and, when the template carries witness transactions
 * or a default commitment, the BIP141 witness commitment; then the merkle root and the 80-byte header, ready for
 * {@link AssembledBlock#solve()}.
 */
public final class BlockAssembler {
    /** BIP141 commitment output script prefix: OP_RETURN, push 36, then the 4-byte header 0xaa21a9ed. */
    static final byte[] WITNESS_COMMITMENT_PREFIX = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    /** The witness reserved value: the coinbase input's single witness item, 32 zero bytes. */
    static final byte[] WITNESS_RESERVED_VALUE = new byte[32];

    private BlockAssembler() {}

    /**
     * Assembles the block with nonce 0; {@code extraNonce} goes into the coinbase scriptSig after the height, so two
     * blocks from the same template differ.
     */
    public static AssembledBlock assemble(BlockTemplate template, byte[] payoutScript, long extraNonce) {
        boolean commit = template.hasWitnessTransactions()
                || template.defaultWitnessCommitment().isPresent();
        Optional<byte[]> commitment = commit ? Optional.of(witnessCommitmentScript(template)) : Optional.empty();
        byte[] scriptSig = new ByteWriter()
                .bytes(heightPush(template.height()))
                .bytes(new byte[] {8})
                .int64(extraNonce)
                .toByteArray();
        Coinbase coinbase = coinbase(scriptSig, template.coinbaseValue(), payoutScript, commitment);

        List<byte[]> txids = new ArrayList<>();
        txids.add(coinbase.txid());
        List<byte[]> transactions = new ArrayList<>();
        transactions.add(coinbase.withWitness());
        for (BlockTemplate.Transaction tx : template.transactions()) {
            txids.add(Hashes.fromDisplayHex(tx.txid()));
            transactions.add(tx.data());
        }
        return new AssembledBlock(
                template.version(),
                Hashes.fromDisplayHex(template.previousBlockHash()),
                Hashes.merkleRoot(txids),
                Math.max(template.curTime(), template.minTime()),
                Long.parseLong(template.bits(), 16),
                0,
                transactions,
                template.target(),
                commitment);
    }

    /**
     * The BIP141 commitment output script for the template's transactions: the prefix, then
     * SHA256d(witness merkle root || witness reserved value), where the witness merkle root is taken over the wtxids
     * with the coinbase's counted as 32 zero bytes.
     */
    public static byte[] witnessCommitmentScript(BlockTemplate template) {
        List<byte[]> wtxids = new ArrayList<>();
        wtxids.add(new byte[32]);
        for (BlockTemplate.Transaction tx : template.transactions()) {
            wtxids.add(Hashes.fromDisplayHex(tx.wtxid()));
        }
        byte[] commitment = Hashes.sha256d(Hashes.merkleRoot(wtxids), WITNESS_RESERVED_VALUE);
        return new ByteWriter()
                .bytes(WITNESS_COMMITMENT_PREFIX)
                .bytes(commitment)
                .toByteArray();
    }

    /**
     * The BIP34 height as the script push {@code CScript() << height} makes it: OP_0 or OP_1..OP_16 for small
     * heights, else the minimal little-endian script number.
     */
    public static byte[] heightPush(int height) {
        if (height < 0) {
            throw new IllegalArgumentException("negative height " + height);
        }
        if (height == 0) {
            return new byte[] {0x00};
        }
        if (height <= 16) {
            return new byte[] {(byte) (0x50 + height)};
        }
        ByteWriter number = new ByteWriter();
        int length = 0;
        long rest = height;
        int last = 0;
        while (rest > 0) {
            last = (int) (rest & 0xff);
            number.bytes(new byte[] {(byte) last});
            rest >>>= 8;
            length++;
        }
        if ((last & 0x80) != 0) {
            number.bytes(new byte[] {0});
            length++;
        }
        return new ByteWriter()
                .bytes(new byte[] {(byte) length})
                .bytes(number.toByteArray())
                .toByteArray();
    }

    private record Coinbase(byte[] txid, byte[] withWitness) {}

    private static Coinbase coinbase(
            byte[] scriptSig, long value, byte[] payoutScript, Optional<byte[]> commitmentScript) {
        byte[] input = new ByteWriter()
                .compactSize(1)
                .bytes(new byte[32]) // prevout hash: null
                .uint32(0xffffffffL) // prevout index: null
                .varBytes(scriptSig)
                .uint32(0xffffffffL) // sequence
                .toByteArray();
        ByteWriter outputs = new ByteWriter()
                .compactSize(commitmentScript.isPresent() ? 2 : 1)
                .int64(value)
                .varBytes(payoutScript);
        commitmentScript.ifPresent(script -> outputs.int64(0).varBytes(script));
        byte[] outputBytes = outputs.toByteArray();

        byte[] stripped = new ByteWriter()
                .uint32(2)
                .bytes(input)
                .bytes(outputBytes)
                .uint32(0)
                .toByteArray();
        if (commitmentScript.isEmpty()) {
            return new Coinbase(Hashes.sha256d(stripped), stripped);
        }
        byte[] withWitness = new ByteWriter()
                .uint32(2)
                .bytes(new byte[] {0x00, 0x01}) // segwit marker and flag
                .bytes(input)
                .bytes(outputBytes)
                .compactSize(1) // the input's witness: one item, the reserved value
                .varBytes(WITNESS_RESERVED_VALUE)
                .uint32(0)
                .toByteArray();
        return new Coinbase(Hashes.sha256d(stripped), withWitness);
    }
}
