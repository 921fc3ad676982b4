package org.reservegrid.sv2.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP340 Schnorr signatures over secp256k1 with 32-byte x-only public keys and messages of any length.
 *
 * @see <a href="https://github.com/bitcoin/bips/blob/master/bip-0340.mediawiki">BIP340</a>
 */
public final class Bip340 {

    /** Length of a signature: {@code R.x || s}. */
    public static final int SIGNATURE_LENGTH = 64;

    private static final String TAG_AUX = "BIP0340/aux";
    private static final String TAG_NONCE = "BIP0340/nonce";
    private static final String TAG_CHALLENGE = "BIP0340/challenge";

    private Bip340() {}

    /**
     * Signs {@code message} with {@code secretKey}, mixing in the 32 bytes of {@code auxRand} as BIP340 recommends.
     *
     * @throws InvalidEncodingException if the secret key is not in [1, n-1] or {@code auxRand} is not 32 bytes
     */
    public static byte[] sign(byte[] secretKey, byte[] message, byte[] auxRand) {
        if (auxRand.length != 32) {
            throw new InvalidEncodingException("aux_rand must be 32 bytes");
        }
        // Constant time in the secret key and the nonce: limb arithmetic modulo n (Scalar), the constant-time
        // generator multiplication, and negation by parity as a masked select. What may branch is public: the
        // parity of P and R (both published), e, and the 2^-256 case of a zero nonce.
        ProjectivePoint.Affine publicPoint = Secp256k1.publicPoint(secretKey);
        int[] d = Scalar.negateIf(Scalar.fromBytes(secretKey), publicPoint.yOddBit());
        byte[] publicKey = publicPoint.xBytes();

        byte[] t = Scalar.toBytes(d);
        byte[] auxHash = Hashes.taggedHash(TAG_AUX, auxRand);
        for (int i = 0; i < 32; i++) {
            t[i] ^= auxHash[i];
        }
        int[] kPrime = Scalar.reduce(Hashes.taggedHash(TAG_NONCE, t, publicKey, message));
        if (FieldElement.zeroMask(kPrime) != 0) {
            // Probability 2^-256; BIP340 says to fail rather than retry.
            throw new IllegalStateException("BIP340 nonce is zero");
        }
        byte[] kPrimeBytes = Scalar.toBytes(kPrime);
        ProjectivePoint.Affine noncePoint =
                ProjectivePoint.multiplyGenerator(kPrimeBytes).toAffine();
        int[] k = Scalar.negateIf(kPrime, noncePoint.yOddBit());
        byte[] r = noncePoint.xBytes();
        int[] e = Scalar.reduce(Hashes.taggedHash(TAG_CHALLENGE, r, publicKey, message));

        byte[] signature = new byte[SIGNATURE_LENGTH];
        System.arraycopy(r, 0, signature, 0, 32);
        System.arraycopy(Scalar.toBytes(Scalar.add(k, Scalar.multiply(e, d))), 0, signature, 32, 32);
        Arrays.fill(t, (byte) 0);
        Arrays.fill(kPrimeBytes, (byte) 0);
        return signature;
    }

    /**
     * Verifies a signature; any malformed input (wrong lengths, x not on the curve, r or s out of range) is simply
     * {@code false}.
     */
    public static boolean verify(byte[] xOnlyPublicKey, byte[] message, byte[] signature) {
        if (xOnlyPublicKey.length != 32 || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        ECPoint publicPoint = Secp256k1.liftX(new BigInteger(1, xOnlyPublicKey));
        if (publicPoint == null) {
            return false;
        }
        byte[] rBytes = new byte[32];
        byte[] sBytes = new byte[32];
        System.arraycopy(signature, 0, rBytes, 0, 32);
        System.arraycopy(signature, 32, sBytes, 0, 32);
        BigInteger r = new BigInteger(1, rBytes);
        BigInteger s = new BigInteger(1, sBytes);
        if (r.compareTo(Secp256k1.P) >= 0 || s.compareTo(Secp256k1.N) >= 0) {
            return false;
        }
        BigInteger e = challenge(rBytes, xOnlyPublicKey, message);
        ECPoint bigR = ECAlgorithms.sumOfTwoMultiplies(
                        Secp256k1.G, s, publicPoint, Secp256k1.N.subtract(e).mod(Secp256k1.N))
                .normalize();
        return !bigR.isInfinity()
                && Secp256k1.hasEvenY(bigR)
                && bigR.getAffineXCoord().toBigInteger().equals(r);
    }

    private static BigInteger challenge(byte[] r, byte[] publicKey, byte[] message) {
        return new BigInteger(1, Hashes.taggedHash(TAG_CHALLENGE, r, publicKey, message)).mod(Secp256k1.N);
    }
}
