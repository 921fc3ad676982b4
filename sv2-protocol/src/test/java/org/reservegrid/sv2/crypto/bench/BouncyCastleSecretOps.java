package org.reservegrid.sv2.crypto.bench;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.reservegrid.sv2.crypto.Hashes;

/**
 * The secret-key operations as sv2-protocol did them before they became constant time (git history of
 * {@code Secp256k1}, {@code ElligatorSwift} and {@code Bip340}): Bouncy Castle's comb multiplier for {@code d * G},
 * its GLV/wNAF {@code ECPoint.multiply} for ECDH, and BIP340 signing in {@link BigInteger}. Kept as the reference
 * the constant-time code is checked against, and as the "before" of the timing benchmark.
 */
public final class BouncyCastleSecretOps {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECPoint G = CURVE.getG();
    private static final BigInteger N = CURVE.getN();
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    private BouncyCastleSecretOps() {}

    /** {@code d * G}, normalised. */
    public static ECPoint multiplyGenerator(BigInteger d) {
        return COMB.multiply(G, d).normalize();
    }

    /** x-only public key of a 32-byte secret. */
    public static byte[] xOnlyPublicKey(byte[] secretKey) {
        return multiplyGenerator(new BigInteger(1, secretKey)).getAffineXCoord().getEncoded();
    }

    /** A point with the given x coordinate (even y), from BC's SEC1 decoding. */
    public static ECPoint liftX(byte[] x) {
        byte[] compressed = new byte[33];
        compressed[0] = 0x02;
        System.arraycopy(x, 0, compressed, 1, 32);
        return CURVE.getCurve().decodePoint(compressed);
    }

    /** x coordinate of {@code secretKey * theirs} through BC's default (GLV/wNAF) multiplier. */
    public static byte[] xOnlyEcdh(ECPoint theirs, byte[] secretKey) {
        return theirs.multiply(new BigInteger(1, secretKey))
                .normalize()
                .getAffineXCoord()
                .getEncoded();
    }

    /** BIP340 signing exactly as before: BigInteger scalars, negation by branching on parity. */
    public static byte[] sign(byte[] secretKey, byte[] message, byte[] auxRand) {
        BigInteger dPrime = new BigInteger(1, secretKey);
        ECPoint publicPoint = multiplyGenerator(dPrime);
        BigInteger d = publicPoint.getAffineYCoord().testBitZero() ? N.subtract(dPrime) : dPrime;
        byte[] publicKey = publicPoint.getAffineXCoord().getEncoded();
        byte[] t = bytes32(d);
        byte[] auxHash = Hashes.taggedHash("BIP0340/aux", auxRand);
        for (int i = 0; i < 32; i++) {
            t[i] ^= auxHash[i];
        }
        BigInteger kPrime = new BigInteger(1, Hashes.taggedHash("BIP0340/nonce", t, publicKey, message)).mod(N);
        ECPoint noncePoint = multiplyGenerator(kPrime);
        BigInteger k = noncePoint.getAffineYCoord().testBitZero() ? N.subtract(kPrime) : kPrime;
        byte[] r = noncePoint.getAffineXCoord().getEncoded();
        BigInteger e = new BigInteger(1, Hashes.taggedHash("BIP0340/challenge", r, publicKey, message)).mod(N);
        byte[] signature = new byte[64];
        System.arraycopy(r, 0, signature, 0, 32);
        System.arraycopy(bytes32(k.add(e.multiply(d)).mod(N)), 0, signature, 32, 32);
        return signature;
    }

    /** Unsigned 32-byte big-endian encoding of a value in [0, 2^256). */
    public static byte[] bytes32(BigInteger value) {
        return BigIntegers.asUnsignedByteArray(32, value);
    }
}
