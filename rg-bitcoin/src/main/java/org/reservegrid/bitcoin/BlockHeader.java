package org.reservegrid.bitcoin;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 80-byte block header: version, previous block hash, merkle root, time, bits, nonce; the 32-bit fields
 * little-endian, the hashes in internal order.
 *
 * @param version the 32 version bits as an unsigned value
 * @param previousBlockHash internal order
 * @param merkleRoot internal order
 * @param bits the compact target
 */
public record BlockHeader(long version, byte[] previousBlockHash, byte[] merkleRoot, long time, long bits, long nonce) {

    public static final int LENGTH = 80;

    /** Where the previous block hash starts in the serialised header. */
    public static final int PREVIOUS_HASH_OFFSET = 4;

    /** Where the nonce starts in the serialised header: miners change only these last four bytes. */
    public static final int NONCE_OFFSET = 76;

    public BlockHeader {
        requireU32(version, "version");
        requireU32(time, "time");
        requireU32(bits, "bits");
        requireU32(nonce, "nonce");
        previousBlockHash = requireHash(previousBlockHash, "previous block hash");
        merkleRoot = requireHash(merkleRoot, "merkle root");
    }

    /**
     * Reads 80 bytes.
     *
     * @throws BitcoinDecodeException when fewer remain
     */
    public static BlockHeader read(ByteBuffer in) {
        LittleEndian.require(in, LENGTH, "block header");
        long version = LittleEndian.u32(in, "version");
        byte[] previous = LittleEndian.bytes(in, DoubleSha256.LENGTH, "previous block hash");
        byte[] root = LittleEndian.bytes(in, DoubleSha256.LENGTH, "merkle root");
        long time = LittleEndian.u32(in, "time");
        long bits = LittleEndian.u32(in, "bits");
        long nonce = LittleEndian.u32(in, "nonce");
        return new BlockHeader(version, previous, root, time, bits, nonce);
    }

    public void write(ByteWriter out) {
        out.u32(version)
                .bytes(previousBlockHash)
                .bytes(merkleRoot)
                .u32(time)
                .u32(bits)
                .u32(nonce);
    }

    public int encodedLength() {
        return LENGTH;
    }

    public byte[] toByteArray() {
        ByteWriter out = new ByteWriter(LENGTH);
        write(out);
        return out.toByteArray();
    }

    /** The block hash in internal order ({@link DisplayHex#format} gives the form RPC prints). */
    public byte[] hash() {
        return DoubleSha256.hash(toByteArray());
    }

    /** Overwrites the nonce of a serialised header in place, for nonce grinding. */
    public static void putNonce(byte[] header, long nonce) {
        header[NONCE_OFFSET] = (byte) nonce;
        header[NONCE_OFFSET + 1] = (byte) (nonce >>> 8);
        header[NONCE_OFFSET + 2] = (byte) (nonce >>> 16);
        header[NONCE_OFFSET + 3] = (byte) (nonce >>> 24);
    }

    @Override
    public byte[] previousBlockHash() {
        return previousBlockHash.clone();
    }

    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockHeader that
                && version == that.version
                && time == that.time
                && bits == that.bits
                && nonce == that.nonce
                && Arrays.equals(previousBlockHash, that.previousBlockHash)
                && Arrays.equals(merkleRoot, that.merkleRoot);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(previousBlockHash) + Arrays.hashCode(merkleRoot) + Long.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "BlockHeader[version=" + version + ", previousBlockHash=" + DisplayHex.format(previousBlockHash)
                + ", merkleRoot=" + DisplayHex.format(merkleRoot) + ", time=" + time + ", bits="
                + Long.toHexString(bits) + ", nonce=" + nonce + "]";
    }

    static void requireU32(long value, String name) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(name + " must fit in 32 unsigned bits, got " + value);
        }
    }

    static byte[] requireHash(byte[] hash, String name) {
        if (hash.length != DoubleSha256.LENGTH) {
            throw new IllegalArgumentException(name + " must be 32 bytes, got " + hash.length);
        }
        return hash.clone();
    }
}
