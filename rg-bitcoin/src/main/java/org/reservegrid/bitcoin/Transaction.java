package org.reservegrid.bitcoin;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction in Bitcoin's serialisation, with the BIP144 witness form when any input carries a witness: version,
 * [marker 0x00, flag 0x01], inputs, outputs, [one witness stack per input], lock time. The txid commits to the form
 * without witnesses, the wtxid to the full one.
 *
 * @param version the 32 version bits as an unsigned value
 * @see <a href="https://github.com/bitcoin/bips/blob/master/bip-0144.mediawiki">BIP144</a>
 */
public record Transaction(long version, List<Input> inputs, List<Output> outputs, long lockTime) {

    /** Smallest serialised input (outpoint, empty scriptSig, sequence) and output (value, empty script). */
    private static final int MIN_INPUT_LENGTH = 41;

    private static final int MIN_OUTPUT_LENGTH = 9;

    /**
     * One input.
     *
     * @param previousTxid the spent transaction's txid, internal order (32 zero bytes in a coinbase)
     * @param previousIndex the spent output's index (0xffffffff in a coinbase)
     * @param witness the input's witness stack, empty when it has none
     */
    public record Input(
            byte[] previousTxid, long previousIndex, byte[] scriptSig, long sequence, List<byte[]> witness) {
        public Input {
            previousTxid = BlockHeader.requireHash(previousTxid, "previous txid");
            BlockHeader.requireU32(previousIndex, "previous index");
            BlockHeader.requireU32(sequence, "sequence");
            scriptSig = scriptSig.clone();
            witness = witness.stream().map(byte[]::clone).toList();
        }

        @Override
        public byte[] previousTxid() {
            return previousTxid.clone();
        }

        @Override
        public byte[] scriptSig() {
            return scriptSig.clone();
        }

        @Override
        public List<byte[]> witness() {
            return witness.stream().map(byte[]::clone).toList();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Input that
                    && previousIndex == that.previousIndex
                    && sequence == that.sequence
                    && Arrays.equals(previousTxid, that.previousTxid)
                    && Arrays.equals(scriptSig, that.scriptSig)
                    && sameItems(witness, that.witness);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(previousTxid) + Arrays.hashCode(scriptSig) + (int) previousIndex;
        }

        @Override
        public String toString() {
            return "Input[" + DisplayHex.format(previousTxid) + ":" + previousIndex + ", scriptSig=" + scriptSig.length
                    + " bytes, witness=" + witness.size() + " items]";
        }
    }

    /**
     * One output.
     *
     * @param value satoshis
     */
    public record Output(long value, byte[] scriptPubKey) {
        public Output {
            scriptPubKey = scriptPubKey.clone();
        }

        @Override
        public byte[] scriptPubKey() {
            return scriptPubKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Output that
                    && value == that.value
                    && Arrays.equals(scriptPubKey, that.scriptPubKey);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(value) + Arrays.hashCode(scriptPubKey);
        }

        @Override
        public String toString() {
            return "Output[value=" + value + ", scriptPubKey=" + scriptPubKey.length + " bytes]";
        }
    }

    public Transaction {
        BlockHeader.requireU32(version, "version");
        BlockHeader.requireU32(lockTime, "lock time");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Reads one transaction, in either form. As Bitcoin Core does, it rejects a witness flag other than 1 and a
     * witness form whose stacks are all empty.
     *
     * @throws BitcoinDecodeException on truncated or malformed input
     */
    public static Transaction read(ByteBuffer in) {
        long version = LittleEndian.u32(in, "version");
        long inputCount = CompactSize.read(in);
        boolean witnessForm = false;
        if (inputCount == 0) {
            int flag = LittleEndian.u8(in, "witness flag");
            if (flag != 1) {
                throw new BitcoinDecodeException("unknown transaction flag " + flag + " after the 0x00 marker");
            }
            witnessForm = true;
            inputCount = CompactSize.read(in);
        }
        requireCount(in, inputCount, MIN_INPUT_LENGTH, "inputs");
        List<byte[]> previousTxids = new ArrayList<>((int) inputCount);
        long[] previousIndexes = new long[(int) inputCount];
        List<byte[]> scriptSigs = new ArrayList<>((int) inputCount);
        long[] sequences = new long[(int) inputCount];
        for (int i = 0; i < inputCount; i++) {
            previousTxids.add(LittleEndian.bytes(in, DoubleSha256.LENGTH, "previous txid"));
            previousIndexes[i] = LittleEndian.u32(in, "previous index");
            scriptSigs.add(varBytes(in, "scriptSig"));
            sequences[i] = LittleEndian.u32(in, "sequence");
        }
        long outputCount = CompactSize.read(in);
        requireCount(in, outputCount, MIN_OUTPUT_LENGTH, "outputs");
        List<Output> outputs = new ArrayList<>((int) outputCount);
        for (int i = 0; i < outputCount; i++) {
            long value = LittleEndian.u64(in, "output value");
            outputs.add(new Output(value, varBytes(in, "scriptPubKey")));
        }
        List<List<byte[]>> witnesses = new ArrayList<>((int) inputCount);
        boolean anyWitness = false;
        for (int i = 0; i < inputCount; i++) {
            List<byte[]> stack = List.of();
            if (witnessForm) {
                long items = CompactSize.read(in);
                requireCount(in, items, 1, "witness items");
                stack = new ArrayList<>((int) items);
                for (int k = 0; k < items; k++) {
                    stack.add(varBytes(in, "witness item"));
                }
                anyWitness |= items > 0;
            }
            witnesses.add(stack);
        }
        if (witnessForm && !anyWitness) {
            throw new BitcoinDecodeException("witness form without any witness data");
        }
        long lockTime = LittleEndian.u32(in, "lock time");
        List<Input> inputs = new ArrayList<>((int) inputCount);
        for (int i = 0; i < inputCount; i++) {
            inputs.add(new Input(
                    previousTxids.get(i), previousIndexes[i], scriptSigs.get(i), sequences[i], witnesses.get(i)));
        }
        return new Transaction(version, inputs, outputs, lockTime);
    }

    /**
     * Reads a transaction that must span all of {@code serialised}.
     *
     * @throws BitcoinDecodeException on malformed input or trailing bytes
     */
    public static Transaction fromBytes(byte[] serialised) {
        ByteBuffer in = ByteBuffer.wrap(serialised);
        Transaction transaction = read(in);
        if (in.hasRemaining()) {
            throw new BitcoinDecodeException(in.remaining() + " bytes left after the lock time");
        }
        return transaction;
    }

    /** Whether any input carries a witness, so that {@link #write} uses the BIP144 form. */
    public boolean hasWitness() {
        for (Input input : inputs) {
            if (!input.witness.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The full serialisation: the witness form when {@link #hasWitness()}, as blocks and relay carry it. */
    public void write(ByteWriter out) {
        write(out, hasWitness());
    }

    /** The serialisation without witnesses, which the txid commits to. */
    public void writeWithoutWitness(ByteWriter out) {
        write(out, false);
    }

    public int encodedLength() {
        return toByteArray().length;
    }

    public byte[] toByteArray() {
        ByteWriter out = new ByteWriter();
        write(out);
        return out.toByteArray();
    }

    public byte[] toByteArrayWithoutWitness() {
        ByteWriter out = new ByteWriter();
        writeWithoutWitness(out);
        return out.toByteArray();
    }

    /** Internal order. */
    public byte[] txid() {
        return DoubleSha256.hash(toByteArrayWithoutWitness());
    }

    /** Internal order; equal to the txid when there is no witness. */
    public byte[] wtxid() {
        return DoubleSha256.hash(toByteArray());
    }

    /** BIP141 weight: three times the size without witnesses plus the full size. */
    public int weight() {
        return 3 * toByteArrayWithoutWitness().length + toByteArray().length;
    }

    private void write(ByteWriter out, boolean withWitness) {
        out.u32(version);
        if (withWitness) {
            out.u8(0x00).u8(0x01);
        }
        out.compactSize(inputs.size());
        for (Input input : inputs) {
            out.bytes(input.previousTxid)
                    .u32(input.previousIndex)
                    .varBytes(input.scriptSig)
                    .u32(input.sequence);
        }
        out.compactSize(outputs.size());
        for (Output output : outputs) {
            out.u64(output.value).varBytes(output.scriptPubKey);
        }
        if (withWitness) {
            for (Input input : inputs) {
                out.compactSize(input.witness.size());
                for (byte[] item : input.witness) {
                    out.varBytes(item);
                }
            }
        }
        out.u32(lockTime);
    }

    private static byte[] varBytes(ByteBuffer in, String what) {
        long length = CompactSize.read(in);
        return LittleEndian.bytes(in, length, what);
    }

    /** Rejects a count whose items could not fit in what remains, before anything is allocated for them. */
    private static void requireCount(ByteBuffer in, long count, int minimumItemLength, String what) {
        if (count > in.remaining() / minimumItemLength) {
            throw new BitcoinDecodeException(
                    count + " " + what + " cannot fit in the " + in.remaining() + " bytes that remain");
        }
    }

    private static boolean sameItems(List<byte[]> left, List<byte[]> right) {
        if (left.size() != right.size()) {
            return false;
        }
        for (int i = 0; i < left.size(); i++) {
            if (!Arrays.equals(left.get(i), right.get(i))) {
                return false;
            }
        }
        return true;
    }
}
