package org.reservegrid.sv2.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.math.ec.ECPoint;
import org.reservegrid.sv2.crypto.bench.BouncyCastleSecretOps;

/**
 * The constant-time field, scalar and point code against BigInteger and Bouncy Castle: random values and the edges
 * where carries, reductions and windows go wrong (0, 1, p-1, n-1, small scalars, the high bit, single windows).
 */
class ConstantTimeArithmeticTests {

    private static final BigInteger P = Secp256k1.P;
    private static final BigInteger N = Secp256k1.N;
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    // --- field ---

    @Provide
    Arbitrary<BigInteger> fieldElements() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, P.subtract(BigInteger.ONE)),
                Arbitraries.of(
                        BigInteger.ZERO,
                        BigInteger.ONE,
                        BigInteger.TWO,
                        P.subtract(BigInteger.ONE),
                        P.subtract(BigInteger.TWO),
                        BigInteger.ONE.shiftLeft(255),
                        BigInteger.ONE.shiftLeft(32),
                        TWO_256.subtract(P), // 2^32 + 977
                        P.shiftRight(1),
                        BigInteger.ONE.shiftLeft(224).subtract(BigInteger.ONE)));
    }

    @Property(tries = 2000)
    void fieldArithmeticMatchesBigInteger(
            @ForAll("fieldElements") BigInteger a, @ForAll("fieldElements") BigInteger b) {
        int[] x = field(a);
        int[] y = field(b);
        int[] z = FieldElement.zero();
        FieldElement.add(x, y, z);
        assertThat(value(z)).isEqualTo(a.add(b).mod(P));
        FieldElement.subtract(x, y, z);
        assertThat(value(z)).isEqualTo(a.subtract(b).mod(P));
        FieldElement.multiply(x, y, z);
        assertThat(value(z)).isEqualTo(a.multiply(b).mod(P));
        FieldElement.square(x, z);
        assertThat(value(z)).isEqualTo(a.multiply(a).mod(P));
        FieldElement.multiplyBy21(x, z);
        assertThat(value(z)).isEqualTo(a.multiply(BigInteger.valueOf(21)).mod(P));
        FieldElement.negate(x, z);
        assertThat(value(z)).isEqualTo(a.negate().mod(P));
        assertThat(FieldElement.zeroMask(x)).isEqualTo(a.signum() == 0 ? -1 : 0);
    }

    @Property(tries = 200)
    void fieldInverseMatchesBigInteger(@ForAll("fieldElements") BigInteger a) {
        BigInteger expected = a.signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
        assertThat(value(FieldElement.invert(field(a)))).isEqualTo(expected);
    }

    @Property(tries = 200)
    void conditionalMoveTakesTheSourceOnlyUnderAFullMask(
            @ForAll("fieldElements") BigInteger a, @ForAll("fieldElements") BigInteger b) {
        int[] z = field(a);
        FieldElement.conditionalMove(z, field(b), 0);
        assertThat(value(z)).isEqualTo(a);
        FieldElement.conditionalMove(z, field(b), -1);
        assertThat(value(z)).isEqualTo(b);
    }

    // --- scalars ---

    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ONE, N.subtract(BigInteger.ONE)),
                Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(300)),
                Arbitraries.bigIntegers()
                        .between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(200))
                        .map(low -> BigInteger.ONE.shiftLeft(255).add(low)), // high bit set, below n
                Arbitraries.integers()
                        .between(0, 63)
                        .map(w -> BigInteger.valueOf(15).shiftLeft(4 * w).min(N.subtract(BigInteger.ONE))),
                Arbitraries.of(
                        BigInteger.ONE,
                        BigInteger.TWO,
                        BigInteger.valueOf(15),
                        BigInteger.valueOf(16),
                        BigInteger.valueOf(17),
                        N.subtract(BigInteger.ONE),
                        N.subtract(BigInteger.TWO),
                        N.shiftRight(1),
                        N.shiftRight(1).add(BigInteger.ONE),
                        BigInteger.ONE.shiftLeft(128),
                        BigInteger.ONE.shiftLeft(252).subtract(BigInteger.ONE)));
    }

    @Property(tries = 2000)
    void scalarArithmeticMatchesBigInteger(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        int[] x = Scalar.fromBytes(bytes(a));
        int[] y = Scalar.fromBytes(bytes(b));
        assertThat(scalar(Scalar.multiply(x, y))).isEqualTo(a.multiply(b).mod(N));
        assertThat(scalar(Scalar.add(x, y))).isEqualTo(a.add(b).mod(N));
        assertThat(scalar(Scalar.negate(x))).isEqualTo(N.subtract(a).mod(N));
        assertThat(scalar(Scalar.negateIf(x, 0))).isEqualTo(a);
        assertThat(scalar(Scalar.negateIf(x, 1))).isEqualTo(N.subtract(a));
    }

    @Property(tries = 1000)
    void anyThirtyTwoBytesReduceModuloN(@ForAll @Size(32) byte[] raw) {
        assertThat(scalar(Scalar.reduce(raw))).isEqualTo(new BigInteger(1, raw).mod(N));
    }

    @Property(tries = 200)
    void multiplicationOfTheLargestValuesReduces(@ForAll @Size(32) byte[] raw) {
        // Unreduced inputs up to 2^256 - 1 stress the folds' carries more than values below n.
        BigInteger a = new BigInteger(1, raw);
        BigInteger b = TWO_256.subtract(BigInteger.ONE);
        assertThat(scalar(Scalar.multiply(Scalar.fromBytes(raw), Scalar.fromBytes(bytes(b)))))
                .isEqualTo(a.multiply(b).mod(N));
    }

    @Example
    void secretKeyRangeIsOneToNMinusOne() {
        List<BigInteger> valid = List.of(BigInteger.ONE, BigInteger.TWO, N.subtract(BigInteger.ONE), N.shiftRight(1));
        List<BigInteger> invalid =
                List.of(BigInteger.ZERO, N, N.add(BigInteger.ONE), TWO_256.subtract(BigInteger.ONE), P);
        for (BigInteger v : valid) {
            assertThat(Secp256k1.isValidSecretKey(bytes(v))).as(v.toString(16)).isTrue();
        }
        for (BigInteger v : invalid) {
            assertThat(Secp256k1.isValidSecretKey(bytes(v))).as(v.toString(16)).isFalse();
        }
        assertThat(Secp256k1.isValidSecretKey(new byte[31])).isFalse();
    }

    // --- points ---

    @Property(tries = 300)
    void generatorMultiplicationMatchesBouncyCastle(@ForAll("scalars") BigInteger k) {
        ProjectivePoint.Affine ours =
                ProjectivePoint.multiplyGenerator(bytes(k)).toAffine();
        ECPoint theirs = BouncyCastleSecretOps.multiplyGenerator(k);
        assertThat(ours.xBytes()).isEqualTo(theirs.getAffineXCoord().getEncoded());
        assertThat(FieldElement.toBytes(ours.y()))
                .isEqualTo(theirs.getAffineYCoord().getEncoded());
    }

    @Property(tries = 100)
    void pointMultiplicationMatchesBouncyCastle(@ForAll("scalars") BigInteger base, @ForAll("scalars") BigInteger k) {
        ECPoint point = BouncyCastleSecretOps.multiplyGenerator(base);
        ProjectivePoint.Affine ours =
                ProjectivePoint.fromAffine(point).multiply(bytes(k)).toAffine();
        ECPoint theirs = point.multiply(k).normalize();
        assertThat(ours.xBytes()).isEqualTo(theirs.getAffineXCoord().getEncoded());
        assertThat(FieldElement.toBytes(ours.y()))
                .isEqualTo(theirs.getAffineYCoord().getEncoded());
    }

    @Property(tries = 100)
    void ecdhMatchesBouncyCastle(@ForAll @Size(64) byte[] theirEncoding, @ForAll("scalars") BigInteger k) {
        ECPoint theirs = ElligatorSwift.decodePoint(theirEncoding);
        assertThat(ElligatorSwift.xOnlyEcdh(theirEncoding, bytes(k)))
                .isEqualTo(BouncyCastleSecretOps.xOnlyEcdh(theirs, bytes(k)));
    }

    @Property(tries = 200)
    void signaturesMatchTheBigIntegerImplementation(
            @ForAll("scalars") BigInteger secret,
            @ForAll @Size(max = 100) byte[] message,
            @ForAll @Size(32) byte[] auxRand) {
        byte[] signature = Bip340.sign(bytes(secret), message, auxRand);
        assertThat(signature).isEqualTo(BouncyCastleSecretOps.sign(bytes(secret), message, auxRand));
        assertThat(Bip340.verify(Secp256k1.xOnlyPublicKey(bytes(secret)), message, signature))
                .isTrue();
    }

    @Property(tries = 100)
    void completeAdditionHandlesEqualOppositeAndInfinitePoints(@ForAll("scalars") BigInteger k) {
        ProjectivePoint p = ProjectivePoint.multiplyGenerator(bytes(k));
        ProjectivePoint minusP = ProjectivePoint.multiplyGenerator(bytes(N.subtract(k)));
        ProjectivePoint infinity = ProjectivePoint.infinity();
        BigInteger twiceK = k.shiftLeft(1).mod(N);

        assertThat(affineX(p.add(p))).isEqualTo(affineX(ProjectivePoint.multiplyGenerator(bytes(twiceK))));
        assertThat(affineX(p.twice())).isEqualTo(affineX(p.add(p)));
        assertThat(FieldElement.zeroMask(p.add(minusP).z)).isEqualTo(-1);
        assertThat(affineX(p.add(infinity))).isEqualTo(affineX(p));
        assertThat(affineX(infinity.add(p))).isEqualTo(affineX(p));
        assertThat(FieldElement.zeroMask(infinity.add(infinity).z)).isEqualTo(-1);
        assertThat(FieldElement.zeroMask(infinity.twice().z)).isEqualTo(-1);
    }

    @Example
    void everyNibbleOfTheTopAndBottomWindowsMultipliesCorrectly() {
        for (int nibble = 1; nibble < 16; nibble++) {
            for (BigInteger k : List.of(
                    BigInteger.valueOf(nibble),
                    BigInteger.valueOf(nibble).shiftLeft(248),
                    BigInteger.valueOf(nibble).shiftLeft(252).mod(N))) {
                assertThat(Secp256k1.xOnlyPublicKey(bytes(k)))
                        .as("k = %s", k.toString(16))
                        .isEqualTo(BouncyCastleSecretOps.xOnlyPublicKey(bytes(k)));
            }
        }
    }

    private static byte[] affineX(ProjectivePoint point) {
        return point.toAffine().xBytes();
    }

    private static int[] field(BigInteger value) {
        return FieldElement.fromBytes(bytes(value), 0);
    }

    private static BigInteger value(int[] limbs) {
        BigInteger v = new BigInteger(1, FieldElement.toBytes(limbs));
        assertThat(v).isLessThan(P);
        return v;
    }

    private static BigInteger scalar(int[] limbs) {
        BigInteger v = new BigInteger(1, Scalar.toBytes(limbs));
        assertThat(v).isLessThan(N);
        return v;
    }

    private static byte[] bytes(BigInteger value) {
        return BouncyCastleSecretOps.bytes32(value);
    }
}
