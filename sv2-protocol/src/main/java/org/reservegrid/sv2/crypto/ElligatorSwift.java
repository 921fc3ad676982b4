package org.reservegrid.sv2.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;

/**
 * BIP324 ElligatorSwift: 64-byte encodings {@code u || t} of secp256k1 x coordinates that are indistinguishable from
 * random bytes, and the x-only ECDH over them.
 *
 * <p>Implements the functions of <a href="https://github.com/bitcoin/bips/blob/master/bip-0324.mediawiki">BIP324</a>
 * "ElligatorSwift encoding of curve X coordinates": {@code XSwiftEC}, {@code XSwiftECInv}, {@code XElligatorSwift}
 * (encoding with a random u and a random case), {@code ellswift_decode} and {@code v2_ecdh}'s tagged hash.
 */
public final class ElligatorSwift {

    /** Length of an encoding: two 32-byte big-endian field elements. */
    public static final int ENCODING_LENGTH = 64;

    /** BIP324 tag of the x-only ECDH hash. */
    public static final String ECDH_TAG = "bip324_ellswift_xonly_ecdh";

    private static final ECFieldElement ONE = Secp256k1.fieldElement(1);
    private static final ECFieldElement TWO = Secp256k1.fieldElement(2);
    private static final ECFieldElement THREE = Secp256k1.fieldElement(3);
    private static final ECFieldElement FOUR = Secp256k1.fieldElement(4);
    private static final ECFieldElement HALF = TWO.invert();
    private static final ECFieldElement MINUS_3_SQRT = requireSqrt(Secp256k1.fieldElement(-3));
    /** {@code (sqrt(-3) - 1) / 2}, the constant of the last step of {@code XSwiftECInv}. */
    private static final ECFieldElement C_MINUS_ONE_HALF =
            MINUS_3_SQRT.subtract(ONE).multiply(HALF);

    private ElligatorSwift() {}

    /** Which party of the BIP324 ECDH the caller is: the hash puts the initiator's encoding first. */
    public enum Party {
        INITIATOR,
        RESPONDER
    }

    /**
     * {@code XSwiftEC(u, t)}: the x coordinate that the pair decodes to. Every pair of field elements decodes.
     */
    static ECFieldElement xSwiftEc(ECFieldElement u, ECFieldElement t) {
        return xSwiftEcPoint(u, t).getAffineXCoord();
    }

    /**
     * {@code XSwiftEC} returning the point with that x coordinate (either y): the square root that proves a candidate
     * valid is the y coordinate, so ECDH needs no second square root.
     */
    static ECPoint xSwiftEcPoint(ECFieldElement uIn, ECFieldElement tIn) {
        ECFieldElement u = uIn.isZero() ? ONE : uIn;
        ECFieldElement t = tIn.isZero() ? ONE : tIn;
        ECFieldElement u3Plus7 = u.square().multiply(u).add(Secp256k1.SEVEN);
        ECFieldElement t2 = t.square();
        if (u3Plus7.add(t2).isZero()) {
            t = t.add(t);
            t2 = t.square();
        }
        // X + t = 0 would need u^3 + 7 + t^2 = 0, which the doubling above rules out; so Y != 0.
        ECFieldElement bigX = u3Plus7.subtract(t2).divide(t.add(t));
        ECFieldElement bigY = bigX.add(t).divide(MINUS_3_SQRT.multiply(u));
        ECFieldElement x1 = u.add(FOUR.multiply(bigY.square()));
        ECFieldElement y1 = Secp256k1.curveRhs(x1).sqrt();
        if (y1 != null) {
            return point(x1, y1);
        }
        ECFieldElement xOverY = bigX.divide(bigY);
        ECFieldElement x2 = xOverY.negate().subtract(u).multiply(HALF);
        ECFieldElement y2 = Secp256k1.curveRhs(x2).sqrt();
        if (y2 != null) {
            return point(x2, y2);
        }
        // BIP324 shows that when neither x1 nor x2 is on the curve, x3 is.
        ECFieldElement x3 = xOverY.subtract(u).multiply(HALF);
        ECFieldElement y3 = Secp256k1.curveRhs(x3).sqrt();
        if (y3 == null) {
            throw new IllegalStateException("XSwiftEC produced an x coordinate off the curve");
        }
        return point(x3, y3);
    }

    private static ECPoint point(ECFieldElement x, ECFieldElement y) {
        return Secp256k1.CURVE.createPoint(x.toBigInteger(), y.toBigInteger());
    }

    /**
     * {@code XSwiftECInv(x, u, case)}: a t with {@code XSwiftEC(u, t) = x} for the given case in [0, 7], or null when
     * that case has no solution.
     */
    static @Nullable ECFieldElement xSwiftEcInv(ECFieldElement x, ECFieldElement u, int caseIndex) {
        ECFieldElement v;
        ECFieldElement s;
        ECFieldElement u3Plus7 = u.square().multiply(u).add(Secp256k1.SEVEN);
        if ((caseIndex & 2) == 0) {
            if (Secp256k1.isValidX(x.negate().subtract(u))) {
                return null;
            }
            v = (caseIndex & 1) == 0 ? x : x.negate().subtract(u);
            ECFieldElement denominator = u.square().add(u.multiply(v)).add(v.square());
            if (denominator.isZero()) {
                // Cannot happen for a valid x (then -x-u is valid and we returned above); guards bad input.
                return null;
            }
            s = u3Plus7.negate().divide(denominator);
        } else {
            s = x.subtract(u);
            if (s.isZero()) {
                return null;
            }
            ECFieldElement r = s.negate()
                    .multiply(FOUR.multiply(u3Plus7).add(THREE.multiply(s).multiply(u.square())))
                    .sqrt();
            if (r == null) {
                return null;
            }
            if ((caseIndex & 1) != 0) {
                if (r.isZero()) {
                    return null;
                }
                r = r.negate();
            }
            v = u.negate().add(r.divide(s)).multiply(HALF);
        }
        ECFieldElement w = s.sqrt();
        if (w == null) {
            return null;
        }
        if ((caseIndex & 4) != 0) {
            w = w.negate();
        }
        return w.multiply(u.multiply(C_MINUS_ONE_HALF).subtract(v));
    }

    /** BIP324 {@code ellswift_decode}: the 32-byte x coordinate a 64-byte encoding stands for. */
    public static byte[] decode(byte[] encoding) {
        return Secp256k1.xBytes(decodePoint(encoding));
    }

    /**
     * {@code XElligatorSwift}: a uniformly distributed 64-byte encoding of the x coordinate of {@code secretKey * G}.
     */
    public static byte[] encodePublicKey(byte[] secretKey, SecureRandom random) {
        // The x coordinate is public (anyone decodes it from the encoding), so encoding it may branch on it: the
        // secret only enters the constant-time multiplication. XSwiftECInv's retries and case choice depend on x
        // and on the discarded random candidates, never on the secret (libsecp256k1 likewise encodes with its
        // variable-time secp256k1_ellswift_xswiftec_inv_var).
        byte[] x = Secp256k1.publicPoint(secretKey).xBytes();
        return encodeX(Secp256k1.CURVE.fromBigInteger(new BigInteger(1, x)), random);
    }

    /** {@code XElligatorSwift} for a 32-byte x coordinate that must lie on the curve. */
    public static byte[] encodeX(byte[] x, SecureRandom random) {
        if (x.length != 32) {
            throw new InvalidEncodingException("x coordinate must be 32 bytes");
        }
        BigInteger value = new BigInteger(1, x);
        if (value.compareTo(Secp256k1.P) >= 0 || Secp256k1.liftX(value) == null) {
            throw new InvalidEncodingException("x coordinate is not on secp256k1");
        }
        return encodeX(Secp256k1.CURVE.fromBigInteger(value), random);
    }

    private static byte[] encodeX(ECFieldElement x, SecureRandom random) {
        byte[] uBytes = new byte[32];
        while (true) {
            random.nextBytes(uBytes);
            ECFieldElement u = Secp256k1.fieldElementModP(uBytes, 0);
            if (u.isZero()) {
                continue;
            }
            ECFieldElement t = xSwiftEcInv(x, u, random.nextInt(8));
            // t = 0 or u^3 + t^2 + 7 = 0 would be remapped by XSwiftEC; retrying keeps the encoding exact.
            if (t == null
                    || t.isZero()
                    || u.square()
                            .multiply(u)
                            .add(Secp256k1.SEVEN)
                            .add(t.square())
                            .isZero()) {
                continue;
            }
            byte[] encoding = new byte[ENCODING_LENGTH];
            u.encodeTo(encoding, 0);
            t.encodeTo(encoding, 32);
            return encoding;
        }
    }

    /** The x coordinate of {@code secretKey * decode(theirEncoding)}, 32 bytes (BIP324 {@code ellswift_ecdh_xonly}). */
    public static byte[] xOnlyEcdh(byte[] theirEncoding, byte[] secretKey) {
        return xOnlyEcdh(decodePoint(theirEncoding), secretKey);
    }

    /** The shared x coordinate, computed in constant time in the secret key and returned straight from limbs. */
    static byte[] xOnlyEcdh(ECPoint theirs, byte[] secretKey) {
        return ProjectivePoint.fromAffine(theirs)
                .multiply(Secp256k1.requireSecretKey(secretKey))
                .toAffine()
                .xBytes();
    }

    /**
     * BIP324 {@code v2_ecdh} shared secret: {@code TaggedHash("bip324_ellswift_xonly_ecdh", ell_initiator ||
     * ell_responder || x)}. The order of the encodings depends on the role, never on "ours/theirs".
     *
     * @param secretKey our secret key
     * @param initiatorEncoding the initiator's 64-byte encoding (ours if {@code us} is {@link Party#INITIATOR})
     * @param responderEncoding the responder's 64-byte encoding
     * @param us our role
     */
    public static byte[] bip324Ecdh(byte[] secretKey, byte[] initiatorEncoding, byte[] responderEncoding, Party us) {
        byte[] theirs = us == Party.INITIATOR ? responderEncoding : initiatorEncoding;
        return bip324Ecdh(secretKey, initiatorEncoding, responderEncoding, decodePoint(theirs));
    }

    static byte[] bip324Ecdh(
            byte[] secretKey, byte[] initiatorEncoding, byte[] responderEncoding, ECPoint theirDecoded) {
        byte[] x = xOnlyEcdh(theirDecoded, secretKey);
        return Hashes.taggedHash(ECDH_TAG, initiatorEncoding, responderEncoding, x);
    }

    /** The curve point (either y) a 64-byte encoding stands for. */
    static ECPoint decodePoint(byte[] encoding) {
        if (encoding.length != ENCODING_LENGTH) {
            throw new InvalidEncodingException("ElligatorSwift encoding must be 64 bytes");
        }
        return xSwiftEcPoint(Secp256k1.fieldElementModP(encoding, 0), Secp256k1.fieldElementModP(encoding, 32));
    }

    private static ECFieldElement requireSqrt(ECFieldElement value) {
        ECFieldElement root = value.sqrt();
        if (root == null) {
            throw new IllegalStateException("constant has no square root");
        }
        return root;
    }
}
