package org.reservegrid.sv2.crypto;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 point in homogeneous projective coordinates (X : Y : Z), x = X/Z and y = Y/Z, the point at infinity
 * being (0 : 1 : 0), with the constant-time scalar multiplications the secret keys go through.
 *
 * <p>Addition and doubling are the complete formulas of Renes, Costello and Batina, "Complete addition formulas for
 * prime order elliptic curves" (EUROCRYPT 2016), algorithms 7 and 9 for a = 0: they are right for every pair of
 * inputs, the point at infinity and equal points included, so no code path depends on which points meet. Scalar
 * multiplication reads the 32-byte scalar in 64 fixed 4-bit windows; the table entry of a window is taken by a
 * masked scan of all 16 entries ({@link #select}), never by indexing with the secret nibble.
 */
final class ProjectivePoint {

    private static final int WINDOW_BITS = 4;
    private static final int WINDOW_SIZE = 1 << WINDOW_BITS;
    private static final int WINDOWS = 256 / WINDOW_BITS;

    /** {@code GENERATOR_TABLE[w][j] = j * 16^w * G}: the generator needs no doublings at all. */
    private static final ProjectivePoint[][] GENERATOR_TABLE = generatorTable();

    final int[] x;
    final int[] y;
    final int[] z;

    private ProjectivePoint(int[] x, int[] y, int[] z) {
        this.x = x;
        this.y = y;
        this.z = z;
    }

    static ProjectivePoint infinity() {
        return new ProjectivePoint(FieldElement.zero(), FieldElement.of(1), FieldElement.zero());
    }

    /** A finite public point, from Bouncy Castle's representation (public inputs only: peers' keys, G). */
    static ProjectivePoint fromAffine(ECPoint point) {
        ECPoint normalized = point.normalize();
        return new ProjectivePoint(
                FieldElement.fromBytes(normalized.getAffineXCoord().getEncoded(), 0),
                FieldElement.fromBytes(normalized.getAffineYCoord().getEncoded(), 0),
                FieldElement.of(1));
    }

    /** {@code scalar * G} for a 32-byte big-endian scalar: 64 complete additions of scanned table entries. */
    static ProjectivePoint multiplyGenerator(byte[] scalar) {
        ProjectivePoint result = infinity();
        for (int window = 0; window < WINDOWS; window++) {
            result = result.add(select(GENERATOR_TABLE[window], nibble(scalar, window)));
        }
        return result;
    }

    /**
     * {@code scalar * this} for a 32-byte big-endian scalar: a table of 0..15 times this point, then from the top
     * window down four doublings and one addition of the scanned entry, 64 times.
     */
    ProjectivePoint multiply(byte[] scalar) {
        ProjectivePoint[] table = new ProjectivePoint[WINDOW_SIZE];
        table[0] = infinity();
        table[1] = this;
        for (int j = 2; j < WINDOW_SIZE; j++) {
            table[j] = table[j - 1].add(this);
        }
        ProjectivePoint result = infinity();
        for (int window = WINDOWS - 1; window >= 0; window--) {
            for (int d = 0; d < WINDOW_BITS; d++) {
                result = result.twice();
            }
            result = result.add(select(table, nibble(scalar, window)));
        }
        return result;
    }

    /** Window {@code window} (0 = least significant) of a 32-byte big-endian scalar. */
    private static int nibble(byte[] scalar, int window) {
        int b = scalar[31 - (window >>> 1)] & 0xFF;
        return (b >>> ((window & 1) * WINDOW_BITS)) & 0xF;
    }

    /** {@code table[index]}, reading every entry and keeping one by mask. */
    static ProjectivePoint select(ProjectivePoint[] table, int index) {
        ProjectivePoint out = new ProjectivePoint(FieldElement.zero(), FieldElement.zero(), FieldElement.zero());
        for (int j = 0; j < table.length; j++) {
            int mask = ((j ^ index) - 1) >> 31; // all ones exactly when j == index (both below 2^31)
            FieldElement.conditionalMove(out.x, table[j].x, mask);
            FieldElement.conditionalMove(out.y, table[j].y, mask);
            FieldElement.conditionalMove(out.z, table[j].z, mask);
        }
        return out;
    }

    /** Complete addition, Renes-Costello-Batina algorithm 7 (a = 0). */
    ProjectivePoint add(ProjectivePoint other) {
        int[] x1 = x;
        int[] y1 = y;
        int[] z1 = z;
        int[] x2 = other.x;
        int[] y2 = other.y;
        int[] z2 = other.z;
        int[] t0 = mul(x1, x2);
        int[] t1 = mul(y1, y2);
        int[] t2 = mul(z1, z2);
        int[] t3 = mul(sum(x1, y1), sum(x2, y2));
        int[] t4 = sum(t0, t1);
        t3 = difference(t3, t4);
        t4 = mul(sum(y1, z1), sum(y2, z2));
        int[] x3 = sum(t1, t2);
        t4 = difference(t4, x3);
        x3 = mul(sum(x1, z1), sum(x2, z2));
        int[] y3 = sum(t0, t2);
        y3 = difference(x3, y3);
        x3 = sum(t0, t0);
        t0 = sum(x3, t0);
        t2 = times21(t2);
        int[] z3 = sum(t1, t2);
        t1 = difference(t1, t2);
        y3 = times21(y3);
        x3 = mul(t4, y3);
        t2 = mul(t3, t1);
        x3 = difference(t2, x3);
        y3 = mul(y3, t0);
        t1 = mul(t1, z3);
        y3 = sum(t1, y3);
        t0 = mul(t0, t3);
        z3 = mul(z3, t4);
        z3 = sum(z3, t0);
        return new ProjectivePoint(x3, y3, z3);
    }

    /** Complete doubling, Renes-Costello-Batina algorithm 9 (a = 0). */
    ProjectivePoint twice() {
        int[] t0 = sqr(y);
        int[] z3 = sum(t0, t0);
        z3 = sum(z3, z3);
        z3 = sum(z3, z3);
        int[] t1 = mul(y, z);
        int[] t2 = sqr(z);
        t2 = times21(t2);
        int[] x3 = mul(t2, z3);
        int[] y3 = sum(t0, t2);
        z3 = mul(t1, z3);
        t1 = sum(t2, t2);
        t2 = sum(t1, t2);
        t0 = difference(t0, t2);
        y3 = mul(t0, y3);
        y3 = sum(x3, y3);
        t1 = mul(x, y);
        x3 = mul(t0, t1);
        x3 = sum(x3, x3);
        return new ProjectivePoint(x3, y3, z3);
    }

    /** The affine coordinates through one constant-time inversion; (0, 0) for the point at infinity. */
    Affine toAffine() {
        int[] zInverse = FieldElement.invert(z);
        return new Affine(mul(x, zInverse), mul(y, zInverse));
    }

    /** Affine coordinates as limbs; a secret point's stay in limbs until the caller decides what to publish. */
    record Affine(int[] x, int[] y) {

        byte[] xBytes() {
            return FieldElement.toBytes(x);
        }

        /** 1 if y is odd. */
        int yOddBit() {
            return FieldElement.oddBit(y);
        }
    }

    private static int[] mul(int[] a, int[] b) {
        int[] out = new int[FieldElement.LIMBS];
        FieldElement.multiply(a, b, out);
        return out;
    }

    private static int[] sqr(int[] a) {
        int[] out = new int[FieldElement.LIMBS];
        FieldElement.square(a, out);
        return out;
    }

    /** 3b * a, b = 7. */
    private static int[] times21(int[] a) {
        int[] out = new int[FieldElement.LIMBS];
        FieldElement.multiplyBy21(a, out);
        return out;
    }

    private static int[] sum(int[] a, int[] b) {
        int[] out = new int[FieldElement.LIMBS];
        FieldElement.add(a, b, out);
        return out;
    }

    private static int[] difference(int[] a, int[] b) {
        int[] out = new int[FieldElement.LIMBS];
        FieldElement.subtract(a, b, out);
        return out;
    }

    /** Public precomputation with Bouncy Castle at class load: 64 windows of 16 multiples, normalised in a batch. */
    private static ProjectivePoint[][] generatorTable() {
        ECPoint[] multiples = new ECPoint[WINDOWS * (WINDOW_SIZE - 1)];
        ECPoint base = Secp256k1.G;
        for (int window = 0; window < WINDOWS; window++) {
            ECPoint multiple = base;
            for (int j = 1; j < WINDOW_SIZE; j++) {
                multiples[window * (WINDOW_SIZE - 1) + j - 1] = multiple;
                multiple = multiple.add(base);
            }
            base = multiple; // 16 * base
        }
        Secp256k1.CURVE.normalizeAll(multiples);
        ProjectivePoint[][] table = new ProjectivePoint[WINDOWS][WINDOW_SIZE];
        for (int window = 0; window < WINDOWS; window++) {
            table[window][0] = infinity();
            for (int j = 1; j < WINDOW_SIZE; j++) {
                table[window][j] = fromAffine(multiples[window * (WINDOW_SIZE - 1) + j - 1]);
            }
        }
        return table;
    }
}
