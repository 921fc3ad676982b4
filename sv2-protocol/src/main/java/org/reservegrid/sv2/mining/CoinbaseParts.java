package org.reservegrid.sv2.mining;

import java.util.Arrays;
import org.reservegrid.bitcoin.ByteWriter;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.bitcoin.WitnessCommitment;

/**
 * A coinbase split around the extranonce: {@code prefix || extranonce || suffix} is the transaction in non-witness
 * serialization (which is what its txid, and so the merkle root, commits to).
 *
 * @param hasWitness whether the block carries witness data, so the coinbase needs the witness reserved value
 */
public record CoinbaseParts(byte[] prefix, byte[] suffix, boolean hasWitness) {
    /** Bytes of version, marker-free input count and the null prevout before the scriptSig length. */
    private static final int VERSION_BYTES = 4;

    private static final int LOCKTIME_BYTES = 4;

    public CoinbaseParts {
        prefix = prefix.clone();
        suffix = suffix.clone();
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }

    @Override
    public byte[] suffix() {
        return suffix.clone();
    }

    public byte[] nonWitness(byte[] extranonce) {
        byte[] tx = new byte[prefix.length + extranonce.length + suffix.length];
        System.arraycopy(prefix, 0, tx, 0, prefix.length);
        System.arraycopy(extranonce, 0, tx, prefix.length, extranonce.length);
        System.arraycopy(suffix, 0, tx, prefix.length + extranonce.length, suffix.length);
        return tx;
    }

    /** Txid in internal byte order. */
    public byte[] txid(byte[] extranonce) {
        return DoubleSha256.hash(nonWitness(extranonce));
    }

    /**
     * The serialization that goes into a block: with BIP144 marker, flag and the 32-byte zero witness reserved
     * value when the block commits to witnesses; otherwise the plain transaction.
     */
    public byte[] forBlock(byte[] extranonce) {
        byte[] plain = nonWitness(extranonce);
        if (!hasWitness) {
            return plain;
        }
        ByteWriter out = new ByteWriter(plain.length + 2 + 1 + 1 + 32);
        out.bytes(plain, 0, VERSION_BYTES);
        out.u8(0x00).u8(0x01);
        out.bytes(plain, VERSION_BYTES, plain.length - VERSION_BYTES - LOCKTIME_BYTES);
        out.u8(1).varBytes(WitnessCommitment.reservedValue());
        out.bytes(plain, plain.length - LOCKTIME_BYTES, LOCKTIME_BYTES);
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CoinbaseParts that
                && hasWitness == that.hasWitness
                && Arrays.equals(prefix, that.prefix)
                && Arrays.equals(suffix, that.suffix);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prefix) + Arrays.hashCode(suffix);
    }

    @Override
    public String toString() {
        return "CoinbaseParts[prefix=" + prefix.length + " bytes, suffix=" + suffix.length + " bytes]";
    }
}
