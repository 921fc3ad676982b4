package org.reservegrid.protocol.message;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.reservegrid.protocol.VerifierDecodeException;

/**
 * The per-transaction facts the policy needs (txid, fee, weight, sigops cost), stored column-wise in primitive
 * arrays: a mainnet template has thousands of transactions and the policy sums each column in a tight loop, so
 * one object per transaction would cost allocation and pointer chasing on the verifier's hot path.
 *
 * <p>Instances are immutable: the arrays are copied in and never handed out.
 */
public final class TransactionTable {
    /** Bytes per transaction on the wire: txid (32), fee (8), weight (4), sigops (4). */
    public static final int ENCODED_BYTES_PER_TX = 48;

    public static final TransactionTable EMPTY = new TransactionTable(new byte[0], new long[0], new int[0], new int[0]);

    private final byte[] txids;
    private final long[] fees;
    private final int[] weights;
    private final int[] sigops;

    private TransactionTable(byte[] txids, long[] fees, int[] weights, int[] sigops) {
        this.txids = txids;
        this.fees = fees;
        this.weights = weights;
        this.sigops = sigops;
    }

    /** Builds a table incrementally; used by converters that walk a getblocktemplate result. */
    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    public int size() {
        return fees.length;
    }

    /** Txid in internal byte order (the reverse of the hex explorers show). */
    public byte[] txid(int index) {
        return Arrays.copyOfRange(txids, index * 32, index * 32 + 32);
    }

    public long fee(int index) {
        return fees[index];
    }

    public int weight(int index) {
        return weights[index];
    }

    public int sigops(int index) {
        return sigops[index];
    }

    public long totalFees() {
        long total = 0;
        for (long fee : fees) {
            total += fee;
        }
        return total;
    }

    public long totalWeight() {
        long total = 0;
        for (int weight : weights) {
            total += weight;
        }
        return total;
    }

    public long totalSigops() {
        long total = 0;
        for (int cost : sigops) {
            total += cost;
        }
        return total;
    }

    /** Reads {@code count} rows; the caller has checked the count against the frame size. */
    static TransactionTable read(ByteBuf in, int count) {
        Wire.require(in, Math.multiplyExact(count, ENCODED_BYTES_PER_TX), "transactions");
        byte[] txids = new byte[count * 32];
        long[] fees = new long[count];
        int[] weights = new int[count];
        int[] sigops = new int[count];
        for (int i = 0; i < count; i++) {
            in.readBytes(txids, i * 32, 32);
            fees[i] = in.readLong();
            weights[i] = in.readInt();
            sigops[i] = in.readInt();
            if (fees[i] < 0 || weights[i] < 0 || sigops[i] < 0) {
                throw VerifierDecodeException.malformed("transaction " + i + " has a negative fee, weight or sigops");
            }
        }
        return new TransactionTable(txids, fees, weights, sigops);
    }

    void write(ByteBuf out) {
        for (int i = 0; i < fees.length; i++) {
            out.writeBytes(txids, i * 32, 32);
            out.writeLong(fees[i]);
            out.writeInt(weights[i]);
            out.writeInt(sigops[i]);
        }
    }

    int encodedLength() {
        return fees.length * ENCODED_BYTES_PER_TX;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionTable that
                && Arrays.equals(txids, that.txids)
                && Arrays.equals(fees, that.fees)
                && Arrays.equals(weights, that.weights)
                && Arrays.equals(sigops, that.sigops);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(txids) + Arrays.hashCode(fees);
    }

    @Override
    public String toString() {
        return "TransactionTable[size=" + size() + ", totalFees=" + totalFees() + ", totalWeight=" + totalWeight()
                + "]";
    }

    /** Accumulates rows; {@link #build()} may be called once. */
    public static final class Builder {
        private byte[] txids;
        private long[] fees;
        private int[] weights;
        private int[] sigops;
        private int size;

        private Builder(int expectedSize) {
            int capacity = Math.max(expectedSize, 4);
            txids = new byte[capacity * 32];
            fees = new long[capacity];
            weights = new int[capacity];
            sigops = new int[capacity];
        }

        /**
         * Adds one transaction.
         *
         * @param txid 32 bytes in internal byte order
         */
        public Builder add(byte[] txid, long fee, int weight, int sigopsCost) {
            if (txid.length != 32) {
                throw new IllegalArgumentException("txid must be 32 bytes, got " + txid.length);
            }
            if (fee < 0 || weight < 0 || sigopsCost < 0) {
                throw new IllegalArgumentException("fee, weight and sigops must not be negative");
            }
            if (size == fees.length) {
                int capacity = size * 2;
                txids = Arrays.copyOf(txids, capacity * 32);
                fees = Arrays.copyOf(fees, capacity);
                weights = Arrays.copyOf(weights, capacity);
                sigops = Arrays.copyOf(sigops, capacity);
            }
            System.arraycopy(txid, 0, txids, size * 32, 32);
            fees[size] = fee;
            weights[size] = weight;
            sigops[size] = sigopsCost;
            size++;
            return this;
        }

        public TransactionTable build() {
            return new TransactionTable(
                    Arrays.copyOf(txids, size * 32),
                    Arrays.copyOf(fees, size),
                    Arrays.copyOf(weights, size),
                    Arrays.copyOf(sigops, size));
        }
    }
}
