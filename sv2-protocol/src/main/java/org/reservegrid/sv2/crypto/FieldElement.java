package org.reservegrid.sv2.crypto;

/**
 * Constant-time arithmetic modulo p = 2^256 - 2^32 - 977 on eight 32-bit little-endian limbs ({@code int[8]}), every
 * value kept fully reduced in [0, p).
 *
 * <p>Why not Bouncy Castle's {@code SecP256K1Field}: its {@code add}, {@code reduce} and {@code reduce32} end with
 * {@code if (carry != 0 || (z[7] == P7 && Nat256.gte(z, P)))}, a branch on the value (and {@code gte} exits early),
 * so the time of a field operation depends on the data. Here every loop has a fixed count, carries travel through
 * {@code long} shifts, and the final conditional subtraction of p is a masked select; no branch and no array index
 * depends on a value.
 */
final class FieldElement {

    static final int LIMBS = 8;

    private static final long MASK32 = 0xFFFF_FFFFL;

    /** 2^256 - p = 2^32 + 977: adding it to a value modulo 2^256 subtracts p. */
    private static final long R_LOW = 977;

    private static final int[] P = {
        0xFFFF_FC2F, 0xFFFF_FFFE, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF
    };

    private FieldElement() {}

    static int[] zero() {
        return new int[LIMBS];
    }

    static int[] of(int small) {
        int[] z = new int[LIMBS];
        z[0] = small;
        return z;
    }

    /** Reads 32 big-endian bytes that encode a value below p (the caller checks; public inputs only). */
    static int[] fromBytes(byte[] bytes, int offset) {
        int[] z = new int[LIMBS];
        for (int i = 0; i < LIMBS; i++) {
            int at = offset + 28 - 4 * i;
            z[i] = (bytes[at] & 0xFF) << 24
                    | (bytes[at + 1] & 0xFF) << 16
                    | (bytes[at + 2] & 0xFF) << 8
                    | (bytes[at + 3] & 0xFF);
        }
        return z;
    }

    static void toBytes(int[] x, byte[] out, int offset) {
        for (int i = 0; i < LIMBS; i++) {
            int at = offset + 28 - 4 * i;
            out[at] = (byte) (x[i] >>> 24);
            out[at + 1] = (byte) (x[i] >>> 16);
            out[at + 2] = (byte) (x[i] >>> 8);
            out[at + 3] = (byte) x[i];
        }
    }

    static byte[] toBytes(int[] x) {
        byte[] out = new byte[32];
        toBytes(x, out, 0);
        return out;
    }

    static void add(int[] x, int[] y, int[] z) {
        long carry = 0;
        for (int i = 0; i < LIMBS; i++) {
            carry += (x[i] & MASK32) + (y[i] & MASK32);
            z[i] = (int) carry;
            carry >>>= 32;
        }
        subtractPIfNeeded(z, (int) carry);
    }

    static void subtract(int[] x, int[] y, int[] z) {
        long borrow = 0;
        for (int i = 0; i < LIMBS; i++) {
            borrow += (x[i] & MASK32) - (y[i] & MASK32);
            z[i] = (int) borrow;
            borrow >>= 32;
        }
        // borrow is 0 or -1: add p back under that mask.
        int mask = (int) borrow;
        long carry = 0;
        for (int i = 0; i < LIMBS; i++) {
            carry += (z[i] & MASK32) + (P[i] & mask & MASK32);
            z[i] = (int) carry;
            carry >>>= 32;
        }
    }

    static void negate(int[] x, int[] z) {
        subtract(zero(), x, z);
    }

    static void multiply(int[] x, int[] y, int[] z) {
        reduce(wideProduct(x, y), z);
    }

    /**
     * The 512-bit product of two 256-bit values (eight limbs each, little-endian), schoolbook, in a fixed sequence of
     * 64 limb products. Shared with {@link Scalar}, which reduces it mod n instead of mod p.
     */
    static int[] wideProduct(int[] x, int[] y) {
        int[] product = new int[2 * LIMBS];
        for (int i = 0; i < LIMBS; i++) {
            long xi = x[i] & MASK32;
            long carry = 0;
            for (int j = 0; j < LIMBS; j++) {
                carry += xi * (y[j] & MASK32) + (product[i + j] & MASK32);
                product[i + j] = (int) carry;
                carry >>>= 32;
            }
            product[i + LIMBS] = (int) carry;
        }
        return product;
    }

    /** x^2: the 28 cross products once, doubled, plus the 8 squares (a fixed sequence, like multiply). */
    static void square(int[] x, int[] z) {
        int[] product = new int[2 * LIMBS];
        for (int i = 0; i < LIMBS - 1; i++) {
            long xi = x[i] & MASK32;
            long carry = 0;
            for (int j = i + 1; j < LIMBS; j++) {
                carry += xi * (x[j] & MASK32) + (product[i + j] & MASK32);
                product[i + j] = (int) carry;
                carry >>>= 32;
            }
            product[i + LIMBS] = (int) carry;
        }
        long carry = 0;
        int previous = 0;
        for (int i = 0; i < LIMBS; i++) {
            long limb = x[i] & MASK32;
            long diagonal = limb * limb;
            int low = product[2 * i];
            int high = product[2 * i + 1];
            carry += (((low << 1) | (previous >>> 31)) & MASK32) + (diagonal & MASK32);
            product[2 * i] = (int) carry;
            carry >>>= 32;
            carry += (((high << 1) | (low >>> 31)) & MASK32) + (diagonal >>> 32);
            product[2 * i + 1] = (int) carry;
            carry >>>= 32;
            previous = high;
        }
        reduce(product, z);
    }

    /** x * 21 (= 3b, the constant of the complete formulas), without a full multiplication. */
    static void multiplyBy21(int[] x, int[] z) {
        long carry = 0;
        for (int i = 0; i < LIMBS; i++) {
            carry += (x[i] & MASK32) * 21;
            z[i] = (int) carry;
            carry >>>= 32;
        }
        foldTop(z, carry);
    }

    /** x^(2^count), squaring {@code count} times (a public count). */
    private static int[] squareTimes(int[] x, int count) {
        int[] z = x.clone();
        for (int i = 0; i < count; i++) {
            square(z, z);
        }
        return z;
    }

    private static int[] times(int[] x, int[] y) {
        int[] z = new int[LIMBS];
        multiply(x, y, z);
        return z;
    }

    /**
     * x^(p-2) = 1/x (and 0 for 0) by Fermat, along the fixed addition chain libsecp256k1 used for
     * {@code secp256k1_fe_inv}: 255 squarings and 15 multiplications whatever x is.
     */
    static int[] invert(int[] x) {
        int[] x2 = times(squareTimes(x, 1), x);
        int[] x3 = times(squareTimes(x2, 1), x);
        int[] x6 = times(squareTimes(x3, 3), x3);
        int[] x9 = times(squareTimes(x6, 3), x3);
        int[] x11 = times(squareTimes(x9, 2), x2);
        int[] x22 = times(squareTimes(x11, 11), x11);
        int[] x44 = times(squareTimes(x22, 22), x22);
        int[] x88 = times(squareTimes(x44, 44), x44);
        int[] x176 = times(squareTimes(x88, 88), x88);
        int[] x220 = times(squareTimes(x176, 44), x44);
        int[] x223 = times(squareTimes(x220, 3), x3);
        int[] t = times(squareTimes(x223, 23), x22);
        t = times(squareTimes(t, 5), x);
        t = times(squareTimes(t, 3), x2);
        return times(squareTimes(t, 2), x);
    }

    /** z = x where mask is all ones, unchanged where it is zero. */
    static void conditionalMove(int[] z, int[] x, int mask) {
        for (int i = 0; i < LIMBS; i++) {
            z[i] = (x[i] & mask) | (z[i] & ~mask);
        }
    }

    /** All ones if x is zero, else zero. */
    static int zeroMask(int[] x) {
        int bits = 0;
        for (int i = 0; i < LIMBS; i++) {
            bits |= x[i];
        }
        return ((bits | -bits) >> 31) ^ -1;
    }

    /** 1 if x is odd, else 0. */
    static int oddBit(int[] x) {
        return x[0] & 1;
    }

    /** 512-bit {@code tt} modulo p, using 2^256 = 2^32 + 977 (mod p) twice and one masked subtraction. */
    private static void reduce(int[] tt, int[] z) {
        long carry = 0;
        long previousHigh = 0;
        for (int i = 0; i < LIMBS; i++) {
            long high = tt[LIMBS + i] & MASK32;
            carry += (tt[i] & MASK32) + high * R_LOW + previousHigh;
            z[i] = (int) carry;
            carry >>>= 32;
            previousHigh = high;
        }
        foldTop(z, carry + previousHigh);
    }

    /** Leaves {@code z + top * 2^256} (top below 2^34) modulo p: one fold of top * (2^32 + 977), then at most p off. */
    private static void foldTop(int[] z, long top) {
        long fold = (z[0] & MASK32) + top * R_LOW;
        z[0] = (int) fold;
        fold >>>= 32;
        fold += (z[1] & MASK32) + top;
        z[1] = (int) fold;
        fold >>>= 32;
        for (int i = 2; i < LIMBS; i++) {
            fold += z[i] & MASK32;
            z[i] = (int) fold;
            fold >>>= 32;
        }
        subtractPIfNeeded(z, (int) fold);
    }

    /**
     * Given the value {@code z + carry * 2^256} below 2p, leaves it modulo p: computes {@code z + 2^256 - p} and keeps
     * it (by mask) when that overflows or when {@code carry} is set.
     */
    private static void subtractPIfNeeded(int[] z, int carry) {
        int[] t = new int[LIMBS];
        long c = (z[0] & MASK32) + R_LOW;
        t[0] = (int) c;
        c >>>= 32;
        c += (z[1] & MASK32) + 1;
        t[1] = (int) c;
        c >>>= 32;
        for (int i = 2; i < LIMBS; i++) {
            c += z[i] & MASK32;
            t[i] = (int) c;
            c >>>= 32;
        }
        int mask = -((carry | (int) c) & 1);
        conditionalMove(z, t, mask);
    }
}
