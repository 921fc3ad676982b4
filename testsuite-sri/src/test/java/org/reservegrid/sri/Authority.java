package org.reservegrid.sri;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.noise.ResponderCredentials;

/** A pool authority key pair made fresh for one test, in the forms both sides take it. */
record Authority(byte[] secretKey, byte[] xOnlyPublicKey) {

    private static final SecureRandom RANDOM = new SecureRandom();

    static Authority generate() {
        byte[] secretKey = Secp256k1.generateSecretKey(RANDOM);
        return new Authority(secretKey, Secp256k1.xOnlyPublicKey(secretKey));
    }

    /** A static key with a one-hour certificate signed by this authority, for a Java responder. */
    ResponderCredentials issueCredentials() {
        return ResponderCredentials.issue(secretKey, Instant.now(), Duration.ofHours(1), RANDOM);
    }

    String secretKeyHex() {
        return HexFormat.of().formatHex(secretKey);
    }

    String publicKeyHex() {
        return HexFormat.of().formatHex(xOnlyPublicKey);
    }

    /** The reference implementation's configuration text form, base58check(01 00 || x-only key). */
    String publicKeyText() {
        return Sv2KeyText.encodeAuthorityPublicKey(xOnlyPublicKey);
    }

    /** Secret key as base58check(raw 32 bytes). */
    String secretKeyText() {
        return Sv2KeyText.encodeSecretKey(secretKey);
    }
}
