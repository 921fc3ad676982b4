package org.reservegrid.sv2.mining;

import java.math.BigInteger;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.binary.U32;

/**
 * Target arithmetic on little-endian U256 values: compact {@code nbits} decoding, the share test and difficulty.
 */
public final class Targets {

    /** The difficulty-1 target {@code 0x00000000FFFF * 2^208}. */
    public static final U256 DIFFICULTY_1 =
            U256.fromBigInteger(BigInteger.valueOf(0xFFFFL).shiftLeft(208));

    private Targets() {}

    /**
     * Expands a compact {@code nbits} value into its target. Negative encodings and targets above 2<sup>256</sup>-1
     * are not valid Bitcoin targets and are rejected with {@link IllegalArgumentException}.
     */
    public static U256 fromCompact(long nbits) {
        U32.require(nbits, "nbits");
        int exponent = (int) (nbits >>> 24);
        long mantissa = nbits & 0x007F_FFFFL;
        if ((nbits & 0x0080_0000L) != 0 && mantissa != 0) {
            throw new IllegalArgumentException("negative compact target: 0x" + Long.toHexString(nbits));
        }
        BigInteger target = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (target.bitLength() > 256) {
            throw new IllegalArgumentException("compact target overflows 256 bits: 0x" + Long.toHexString(nbits));
        }
        return U256.fromBigInteger(target);
    }

    /** The share test: {@code hash <= target}, both read as unsigned little-endian integers. */
    public static boolean meets(U256 hash, U256 target) {
        return hash.compareTo(target) <= 0;
    }

    /** The easiest possible target, 2^256 - 1. */
    public static final U256 MAX = U256.MAX;

    private static final BigInteger TWO_POW_256 = BigInteger.ONE.shiftLeft(256);

    /**
     * The target at which a miner of {@code hashesPerSecond} finds {@code sharesPerMinute} shares on average, as the
     * reference pool computes it: t = (2^256 - 1 - h) / (h + 1) with h = floor(hashrate * 60 / spm). A zero,
     * negative or non-finite hashrate gives the easiest target.
     */
    public static U256 forHashrate(double hashesPerSecond, double sharesPerMinute) {
        if (!(hashesPerSecond > 0) || !Double.isFinite(hashesPerSecond) || !(sharesPerMinute > 0)) {
            return U256.MAX;
        }
        BigInteger max = U256.MAX.toBigInteger();
        BigInteger hashesPerShare = new java.math.BigDecimal(hashesPerSecond * 60.0 / sharesPerMinute).toBigInteger();
        if (hashesPerShare.compareTo(max) >= 0) {
            return U256.ZERO;
        }
        return U256.fromBigInteger(max.subtract(hashesPerShare).divide(hashesPerShare.add(BigInteger.ONE)));
    }

    /** Expected hashes to find one share at {@code target}: 2^256 / (target + 1). */
    public static double expectedHashes(U256 target) {
        return new java.math.BigDecimal(TWO_POW_256)
                .divide(
                        new java.math.BigDecimal(target.toBigInteger().add(BigInteger.ONE)),
                        java.math.MathContext.DECIMAL64)
                .doubleValue();
    }

    /** The harder (smaller) of two targets. */
    public static U256 harder(U256 a, U256 b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** {@code DIFFICULTY_1 / target} as a double; a zero target has infinite difficulty. */
    public static double difficulty(U256 target) {
        BigInteger value = target.toBigInteger();
        if (value.signum() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return DIFFICULTY_1.toBigInteger().doubleValue() / value.doubleValue();
    }
}
