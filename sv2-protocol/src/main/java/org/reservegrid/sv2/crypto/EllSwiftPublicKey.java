package org.reservegrid.sv2.crypto;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A peer's 64-byte ElligatorSwift key, decoded once: the responder runs two ECDHs against the initiator's ephemeral
 * key and should pay for the decoding (square roots) only once. Every 64-byte string is a valid key.
 */
public final class EllSwiftPublicKey {

    private final byte[] encoding;
    private final ECPoint point;

    private EllSwiftPublicKey(byte[] encoding, ECPoint point) {
        this.encoding = encoding;
        this.point = point;
    }

    /** @throws InvalidEncodingException if the input is not 64 bytes */
    public static EllSwiftPublicKey decode(byte[] encoding) {
        byte[] copy = encoding.clone();
        return new EllSwiftPublicKey(copy, ElligatorSwift.decodePoint(copy));
    }

    /** The 64 bytes as received (a copy). */
    public byte[] encoding() {
        return encoding.clone();
    }

    /** The 32-byte x-only key. */
    public byte[] xOnly() {
        return Secp256k1.xBytes(point);
    }

    byte[] encodingUnsafe() {
        return encoding;
    }

    ECPoint point() {
        return point;
    }
}
