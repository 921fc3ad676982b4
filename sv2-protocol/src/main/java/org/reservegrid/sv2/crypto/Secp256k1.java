package org.reservegrid.sv2.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;

/**
 * secp256k1 helpers for 32-byte big-endian encodings, secret keys, x-only keys (BIP340 {@code lift_x}) and square
 * roots. Public data (peers' keys, signatures to verify, ElligatorSwift decoding) goes through Bouncy Castle's
 * specialised curve; every operation on a secret key goes through {@link ProjectivePoint}, {@link FieldElement} and
 * {@link Scalar}, which never branch or index memory on secret bits (docs/benchmarks.md, "Constant-time secret-key operations").
 */
public final class Secp256k1 {

    /** Field size p = 2^256 - 2^32 - 977. */
    public static final BigInteger P;

    /** Group order n. */
    public static final BigInteger N;

    static final ECCurve CURVE;

    static final ECPoint G;

    static final ECFieldElement SEVEN;

    static {
        X9ECParameters parameters = CustomNamedCurves.getByName("secp256k1");
        CURVE = parameters.getCurve();
        G = parameters.getG();
        N = parameters.getN();
        P = CURVE.getField().getCharacteristic();
        SEVEN = CURVE.fromBigInteger(BigInteger.valueOf(7));
    }

    private Secp256k1() {}

    /** A fresh uniformly random secret key in [1, n-1]. */
    public static byte[] generateSecretKey(SecureRandom random) {
        byte[] candidate = new byte[32];
        do {
            random.nextBytes(candidate);
        } while (!isValidSecretKey(candidate));
        return candidate;
    }

    /** True if the 32 bytes encode an integer in [1, n-1]; the time taken does not depend on the value. */
    public static boolean isValidSecretKey(byte[] secretKey) {
        return secretKey.length == 32 && Scalar.isValidSecret(secretKey) == 1;
    }

    /** The 32-byte BIP340 x-only public key of a secret key (constant time in the secret). */
    public static byte[] xOnlyPublicKey(byte[] secretKey) {
        return publicPoint(secretKey).xBytes();
    }

    /** True if the 32 bytes are the x coordinate of a curve point (BIP340 {@code lift_x} succeeds). */
    public static boolean isValidXOnlyKey(byte[] xOnly) {
        return xOnly.length == 32 && liftX(new BigInteger(1, xOnly)) != null;
    }

    /** The secret key itself, after checking (in constant time) that it lies in [1, n-1]. */
    static byte[] requireSecretKey(byte[] secretKey) {
        if (!isValidSecretKey(secretKey)) {
            throw new InvalidEncodingException("secret key is not a 32-byte integer in [1, n-1]");
        }
        return secretKey;
    }

    /** {@code secretKey * G} in affine coordinates, in constant time. */
    static ProjectivePoint.Affine publicPoint(byte[] secretKey) {
        return ProjectivePoint.multiplyGenerator(requireSecretKey(secretKey)).toAffine();
    }

    /** BIP340 {@code lift_x}: the point with x coordinate {@code x} and even y, or null. */
    static @Nullable ECPoint liftX(BigInteger x) {
        if (x.signum() < 0 || x.compareTo(P) >= 0) {
            return null;
        }
        ECFieldElement fx = CURVE.fromBigInteger(x);
        ECFieldElement y = curveRhs(fx).sqrt();
        if (y == null) {
            return null;
        }
        if (y.testBitZero()) {
            y = y.negate();
        }
        return CURVE.createPoint(x, y.toBigInteger());
    }

    /** {@code x^3 + 7}. */
    static ECFieldElement curveRhs(ECFieldElement x) {
        return x.square().multiply(x).add(SEVEN);
    }

    static boolean isValidX(ECFieldElement x) {
        return curveRhs(x).sqrt() != null;
    }

    static ECFieldElement fieldElement(long value) {
        return CURVE.fromBigInteger(BigInteger.valueOf(value).mod(P));
    }

    /** Reads 32 big-endian bytes at {@code offset} and reduces them modulo p. */
    static ECFieldElement fieldElementModP(byte[] bytes, int offset) {
        byte[] slice = new byte[32];
        System.arraycopy(bytes, offset, slice, 0, 32);
        BigInteger value = new BigInteger(1, slice);
        if (value.compareTo(P) >= 0) {
            value = value.subtract(P);
        }
        return CURVE.fromBigInteger(value);
    }

    static byte[] xBytes(ECPoint normalizedPoint) {
        return normalizedPoint.getAffineXCoord().getEncoded();
    }

    static boolean hasEvenY(ECPoint normalizedPoint) {
        return !normalizedPoint.getAffineYCoord().testBitZero();
    }
}
