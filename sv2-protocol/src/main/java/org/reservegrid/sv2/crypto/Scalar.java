package org.reservegrid.sv2.crypto;

/**
 * Constant-time arithmetic modulo the group order n on eight 32-bit little-endian limbs, for BIP340 signing with a
 * secret key and nonce. {@link java.math.BigInteger} is not used on secrets: its magnitude array drops leading zero
 * words, and {@code mod}, {@code multiply} and {@code compareTo} take paths and times that follow the value.
 *
 * <p>A fixed-limb implementation rather than scalar blinding: multiplying by a random r and unblinding would still
 * run BigInteger code on a blinded secret whose length leaks, and it needs a modular inverse; fixed limbs are short
 * and leave nothing to argue about. Every loop has a fixed count; comparisons are borrows turned into masks.
 */
final class Scalar {

    static final int LIMBS = 8;

    private static final long MASK32 = 0xFFFF_FFFFL;

    /** n, little-endian limbs. */
    private static final int[] N = {
        0xD036_4141, 0xBFD2_5E8C, 0xAF48_A03B, 0xBAAE_DCE6, 0xFFFF_FFFE, 0xFFFF_FFFF, 0xFFFF_FFFF, 0xFFFF_FFFF
    };

    /** 2^256 - n (129 bits, five limbs): 2^256 = this, modulo n. */
    private static final int[] N_COMPLEMENT = {0x2FC9_BEBF, 0x402D_A173, 0x50B7_5FC4, 0x4551_2319, 0x0000_0001};

    private Scalar() {}

    /** 32 big-endian bytes as limbs, unreduced. */
    static int[] fromBytes(byte[] bytes) {
        return FieldElement.fromBytes(bytes, 0);
    }

    static byte[] toBytes(int[] x) {
        return FieldElement.toBytes(x);
    }

    /** 1 if the 32 bytes encode a value in [1, n-1], else 0, in time that does not depend on the value. */
    static int isValidSecret(byte[] bytes) {
        int[] x = fromBytes(bytes);
        long borrow = 0;
        for (int i = 0; i < LIMBS; i++) {
            borrow += (x[i] & MASK32) - (N[i] & MASK32);
            borrow >>= 32;
        }
        int below = (int) borrow & 1;
        int nonZero = (FieldElement.zeroMask(x) + 1) & 1;
        return below & nonZero;
    }

    /** A value below 2^256 reduced modulo n (one masked subtraction suffices since 2^256 < 2n). */
    static int[] reduce(byte[] bytes) {
        int[] x = fromBytes(bytes);
        subtractNIfNeeded(x, 0);
        return x;
    }

    /** n - x for x in [0, n): 0 stays 0. */
    static int[] negate(int[] x) {
        int[] z = new int[LIMBS];
        long borrow = 0;
        for (int i = 0; i < LIMBS; i++) {
            borrow += (N[i] & MASK32) - (x[i] & MASK32);
            z[i] = (int) borrow;
            borrow >>= 32;
        }
        int nonZero = ~FieldElement.zeroMask(x);
        for (int i = 0; i < LIMBS; i++) {
            z[i] &= nonZero;
        }
        return z;
    }

    /** x if {@code bit} is 0, n - x if it is 1. */
    static int[] negateIf(int[] x, int bit) {
        int[] z = x.clone();
        FieldElement.conditionalMove(z, negate(x), -(bit & 1));
        return z;
    }

    static int[] add(int[] x, int[] y) {
        int[] z = new int[LIMBS];
        long carry = 0;
        for (int i = 0; i < LIMBS; i++) {
            carry += (x[i] & MASK32) + (y[i] & MASK32);
            z[i] = (int) carry;
            carry >>>= 32;
        }
        subtractNIfNeeded(z, (int) carry);
        return z;
    }

    static int[] multiply(int[] x, int[] y) {
        int[] product = FieldElement.wideProduct(x, y);
        // Limb counts shrink 16, 14, 12, 10, 9 (public lengths), then two more folds leave the ninth limb zero.
        int[] value = product;
        while (value.length > LIMBS + 1) {
            value = fold(value);
        }
        value = fold(fold(value));
        int[] z = new int[LIMBS];
        System.arraycopy(value, 0, z, 0, LIMBS);
        subtractNIfNeeded(z, value[LIMBS]);
        return z;
    }

    /** {@code low + high * (2^256 - n)}, congruent to {@code low + high * 2^256} modulo n, with room for the sum. */
    private static int[] fold(int[] value) {
        int highLength = value.length - LIMBS;
        int[] out = new int[Math.max(LIMBS, highLength + N_COMPLEMENT.length) + 1];
        System.arraycopy(value, 0, out, 0, LIMBS);
        for (int i = 0; i < highLength; i++) {
            long hi = value[LIMBS + i] & MASK32;
            long carry = 0;
            for (int j = 0; j < N_COMPLEMENT.length; j++) {
                carry += (out[i + j] & MASK32) + hi * (N_COMPLEMENT[j] & MASK32);
                out[i + j] = (int) carry;
                carry >>>= 32;
            }
            for (int k = i + N_COMPLEMENT.length; k < out.length; k++) {
                carry += out[k] & MASK32;
                out[k] = (int) carry;
                carry >>>= 32;
            }
        }
        return out;
    }

    /** Leaves {@code z + carry * 2^256} (below 2n) modulo n with a masked subtraction. */
    private static void subtractNIfNeeded(int[] z, int carry) {
        int[] t = new int[LIMBS];
        long borrow = 0;
        for (int i = 0; i < LIMBS; i++) {
            borrow += (z[i] & MASK32) - (N[i] & MASK32);
            t[i] = (int) borrow;
            borrow >>= 32;
        }
        int below = (int) borrow & 1;
        int mask = -((carry | (below ^ 1)) & 1);
        FieldElement.conditionalMove(z, t, mask);
    }
}
