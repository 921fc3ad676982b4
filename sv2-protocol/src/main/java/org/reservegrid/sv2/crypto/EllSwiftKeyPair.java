package org.reservegrid.sv2.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A secp256k1 secret key with one ElligatorSwift encoding of its public key, the form in which Noise keys travel in
 * the Stratum V2 handshake. {@link #toString()} never shows the secret.
 */
public final class EllSwiftKeyPair {

    private final byte[] secretKey;
    private final byte[] encoding;

    private EllSwiftKeyPair(byte[] secretKey, byte[] encoding) {
        this.secretKey = secretKey;
        this.encoding = encoding;
    }

    /** A fresh key pair with a random encoding. */
    public static EllSwiftKeyPair generate(SecureRandom random) {
        return fromSecretKey(Secp256k1.generateSecretKey(random), random);
    }

    /** The given secret key with a fresh random encoding of its public key. */
    public static EllSwiftKeyPair fromSecretKey(byte[] secretKey, SecureRandom random) {
        return new EllSwiftKeyPair(secretKey.clone(), ElligatorSwift.encodePublicKey(secretKey, random));
    }

    /**
     * A secret key with a known encoding, for reproducing fixed transcripts.
     *
     * @throws InvalidEncodingException if the encoding does not decode to the key's x coordinate
     */
    public static EllSwiftKeyPair of(byte[] secretKey, byte[] encoding) {
        byte[] expectedX = Secp256k1.xOnlyPublicKey(secretKey);
        if (!Arrays.equals(expectedX, ElligatorSwift.decode(encoding))) {
            throw new InvalidEncodingException("ElligatorSwift encoding does not belong to the secret key");
        }
        return new EllSwiftKeyPair(secretKey.clone(), encoding.clone());
    }

    /** The 32-byte secret key (a copy). */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The 64-byte ElligatorSwift encoding of the public key (a copy). */
    public byte[] encoding() {
        return encoding.clone();
    }

    /** The 32-byte BIP340 x-only public key. */
    public byte[] xOnlyPublicKey() {
        return ElligatorSwift.decode(encoding);
    }

    /** BIP324 x-only ECDH hash with a peer's encoding; this pair's encoding takes the slot of {@code us}. */
    public byte[] ecdh(byte[] peerEncoding, ElligatorSwift.Party us) {
        return ecdh(EllSwiftPublicKey.decode(peerEncoding), us);
    }

    /** As {@link #ecdh(byte[], ElligatorSwift.Party)} with an already decoded peer key. */
    public byte[] ecdh(EllSwiftPublicKey peer, ElligatorSwift.Party us) {
        byte[] peerEncoding = peer.encodingUnsafe();
        return us == ElligatorSwift.Party.INITIATOR
                ? ElligatorSwift.bip324Ecdh(secretKey, encoding, peerEncoding, peer.point())
                : ElligatorSwift.bip324Ecdh(secretKey, peerEncoding, encoding, peer.point());
    }

    @Override
    public String toString() {
        return "EllSwiftKeyPair[secret redacted]";
    }
}
