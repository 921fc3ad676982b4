package org.reservegrid.gateway.mining;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * A 256-bit proof-of-work target. On the Stratum V2 wire a target (U256) is 32 bytes little-endian; a hash meets
 * a target when its bytes, read as a little-endian integer, are at most the target.
 */
public final class Target implements Comparable<Target> {
    public static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    /** Difficulty 1: 0x00000000FFFF0000...0000 (the compact bits 0x1d00ffff). */
    public static final BigInteger DIFFICULTY_ONE = BigInteger.valueOf(0xFFFFL).shiftLeft(208);

    private final BigInteger value;

    private Target(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            throw new IllegalArgumentException("a target is an unsigned 256-bit integer");
        }
        this.value = value;
    }

    public static Target of(BigInteger value) {
        return new Target(value);
    }

    /** From the 32 little-endian wire bytes. */
    public static Target fromLittleEndian(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a U256 target has 32 bytes, got " + bytes.length);
        }
        return new Target(new BigInteger(1, Hashes.reversed(bytes)));
    }

    /**
     * From the compact "nbits" encoding of a block header. Negative or overflowing encodings are rejected, as
     * consensus rejects them.
     */
    public static Target fromCompact(long nbits) {
        int exponent = (int) ((nbits >>> 24) & 0xff);
        long mantissa = nbits & 0x007f_ffffL;
        if ((nbits & 0x0080_0000L) != 0 && mantissa != 0) {
            throw new IllegalArgumentException("negative compact target " + Long.toHexString(nbits));
        }
        BigInteger value = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (value.bitLength() > 256) {
            throw new IllegalArgumentException("compact target overflows 256 bits: " + Long.toHexString(nbits));
        }
        return new Target(value);
    }

    /**
     * The target at which a miner of {@code hashesPerSecond} finds {@code sharesPerMinute} shares on average,
     * as the reference pool computes it: t = (2^256 - 1 - h) / (h + 1) with h = floor(hashrate * 60 / spm).
     */
    public static Target forHashrate(double hashesPerSecond, double sharesPerMinute) {
        if (!(hashesPerSecond > 0) || !(sharesPerMinute > 0) || !Double.isFinite(hashesPerSecond)) {
            return new Target(MAX_VALUE);
        }
        BigInteger hashesPerShare = new BigDecimal(hashesPerSecond * 60.0 / sharesPerMinute).toBigInteger();
        if (hashesPerShare.compareTo(MAX_VALUE) >= 0) {
            return new Target(BigInteger.ZERO);
        }
        return new Target(MAX_VALUE.subtract(hashesPerShare).divide(hashesPerShare.add(BigInteger.ONE)));
    }

    public BigInteger value() {
        return value;
    }

    /** The 32 little-endian bytes that go on the wire. */
    public byte[] toLittleEndian() {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(bigEndian.length, 32);
        for (int i = 0; i < length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    /** True when a header hash (raw dSHA256 bytes, internal order) meets this target. */
    public boolean isMetBy(byte[] hash) {
        return new BigInteger(1, Hashes.reversed(hash)).compareTo(value) <= 0;
    }

    /** Difficulty relative to difficulty 1 (0 for the maximum target's neighbourhood is never returned: min 0). */
    public double difficulty() {
        if (value.signum() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return new BigDecimal(DIFFICULTY_ONE)
                .divide(new BigDecimal(value), MathContext.DECIMAL64)
                .doubleValue();
    }

    /** Expected hashes to find one share at this target: 2^256 / (target + 1). */
    public double expectedHashes() {
        return new BigDecimal(BigInteger.ONE.shiftLeft(256))
                .divide(new BigDecimal(value.add(BigInteger.ONE)), MathContext.DECIMAL64)
                .doubleValue();
    }

    public Target min(Target other) {
        return compareTo(other) <= 0 ? this : other;
    }

    @Override
    public int compareTo(Target other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Target that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        byte[] bigEndian = Hashes.reversed(toLittleEndian());
        return "Target[" + java.util.HexFormat.of().formatHex(bigEndian) + "]";
    }
}
