package org.reservegrid.testminer.work;

import org.reservegrid.bitcoin.BlockHeader;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.sv2.binary.U256;

/**
 * CPU nonce search: hashes the 80-byte header with successive nonces until {@code dSHA256(header) <= target}. The
 * nonce is the last four header bytes (little-endian), so only they change between attempts.
 *
 * <p>Not thread-safe (one hasher and one hash buffer per instance, so an attempt allocates nothing).
 */
public final class NonceGrinder {

    private final DoubleSha256.Hasher hasher = DoubleSha256.newHasher();
    private final byte[] hash = new byte[DoubleSha256.LENGTH];

    /**
     * The outcome of one bounded search.
     *
     * @param found whether a nonce meeting the target was found
     * @param nonce the nonce found (meaningful only when {@code found})
     * @param hash its header hash, wire order (meaningful only when {@code found})
     * @param hashes how many headers were hashed
     */
    public record Result(boolean found, long nonce, U256 hash, long hashes) {}

    /**
     * Tries up to {@code maxHashes} nonces from {@code startNonce} upwards (wrapping at 2^32) on the header of
     * {@code work} at {@code ntime}.
     */
    public Result search(Work work, long ntime, long startNonce, long maxHashes) {
        byte[] header = work.header(ntime, 0).toBytes();
        byte[] target = work.target().bytes();
        long nonce = startNonce & 0xFFFF_FFFFL;
        for (long attempt = 0; attempt < maxHashes; attempt++) {
            BlockHeader.putNonce(header, nonce);
            hasher.hashInto(header, 0, header.length, hash);
            if (atMost(hash, target)) {
                return new Result(true, nonce, U256.of(hash), attempt + 1);
            }
            nonce = (nonce + 1) & 0xFFFF_FFFFL;
        }
        return new Result(false, 0, U256.ZERO, maxHashes);
    }

    /** {@code hash <= target}, both 32-byte little-endian unsigned integers. */
    static boolean atMost(byte[] hash, byte[] target) {
        for (int i = U256.LENGTH - 1; i >= 0; i--) {
            int difference = Byte.toUnsignedInt(hash[i]) - Byte.toUnsignedInt(target[i]);
            if (difference != 0) {
                return difference < 0;
            }
        }
        return true;
    }
}
