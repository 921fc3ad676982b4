package org.reservegrid.gateway.mining;

/**
 * The 80-byte block header. {@code prevHash} and {@code merkleRoot} are raw internal-order bytes, exactly as the
 * Stratum V2 U256 fields carry them.
 */
public record BlockHeader(int version, byte[] prevHash, byte[] merkleRoot, long ntime, long nbits, long nonce) {
    public static final int LENGTH = 80;

    public BlockHeader {
        if (prevHash.length != 32 || merkleRoot.length != 32) {
            throw new IllegalArgumentException("prev hash and merkle root are 32 bytes");
        }
        prevHash = prevHash.clone();
        merkleRoot = merkleRoot.clone();
    }

    public byte[] serialize() {
        byte[] header = new ByteWriter()
                .u32(version & 0xffff_ffffL)
                .bytes(prevHash)
                .bytes(merkleRoot)
                .u32(ntime)
                .u32(nbits)
                .u32(nonce)
                .toByteArray();
        if (header.length != LENGTH) {
            throw new IllegalStateException("header must be 80 bytes");
        }
        return header;
    }

    /** dSHA256 of the header, internal order. */
    public byte[] hash() {
        return Hashes.sha256d(serialize());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockHeader that
                && version == that.version
                && ntime == that.ntime
                && nbits == that.nbits
                && nonce == that.nonce
                && java.util.Arrays.equals(prevHash, that.prevHash)
                && java.util.Arrays.equals(merkleRoot, that.merkleRoot);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(merkleRoot) ^ (int) nonce;
    }

    @Override
    public String toString() {
        return "BlockHeader[version=" + Integer.toHexString(version) + ", ntime=" + ntime + ", nbits="
                + Long.toHexString(nbits) + ", nonce=" + nonce + "]";
    }
}
