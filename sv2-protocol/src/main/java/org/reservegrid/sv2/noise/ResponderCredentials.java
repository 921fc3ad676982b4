package org.reservegrid.sv2.noise;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.reservegrid.sv2.crypto.EllSwiftKeyPair;
import org.reservegrid.sv2.crypto.Secp256k1;

/**
 * What a responder proves its identity with: its static key (with the ElligatorSwift encoding it sends) and the
 * authority's certificate over the static x-only key. Loaded once and shared by every connection of a gateway; SRI
 * instead issues a fresh key and certificate per connection, which initiators cannot tell apart.
 *
 * @param staticKey the server's static key pair
 * @param certificate the authority's signature over {@code staticKey}'s x-only key
 */
public record ResponderCredentials(EllSwiftKeyPair staticKey, SignatureNoiseMessage certificate) {

    /**
     * Generates a static key and signs a certificate for it valid from {@code validFrom} for {@code validity}.
     */
    public static ResponderCredentials issue(
            byte[] authoritySecretKey, Instant validFrom, Duration validity, SecureRandom random) {
        return issue(authoritySecretKey, Secp256k1.generateSecretKey(random), validFrom, validity, random);
    }

    /** Signs a certificate for an existing server secret key. */
    public static ResponderCredentials issue(
            byte[] authoritySecretKey,
            byte[] serverSecretKey,
            Instant validFrom,
            Duration validity,
            SecureRandom random) {
        EllSwiftKeyPair staticKey = EllSwiftKeyPair.fromSecretKey(serverSecretKey, random);
        long from = validFrom.getEpochSecond();
        long until = validFrom.plus(validity).getEpochSecond();
        SignatureNoiseMessage certificate =
                SignatureNoiseMessage.issue(authoritySecretKey, staticKey.xOnlyPublicKey(), from, until, random);
        return new ResponderCredentials(staticKey, certificate);
    }

    /**
     * Checks that the certificate is signed by {@code authorityXOnly} for this static key and valid at {@code now}:
     * what an initiator will check, so a gateway can refuse to start with credentials miners would reject.
     */
    public void verify(byte[] authorityXOnly, Instant now) throws NoiseException {
        certificate.verify(authorityXOnly, staticKey.xOnlyPublicKey(), now.getEpochSecond());
    }
}
