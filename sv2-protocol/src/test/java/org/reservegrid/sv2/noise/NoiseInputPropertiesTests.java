package org.reservegrid.sv2.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;

/** Arbitrary bytes into the handshake and the transport: only {@link NoiseException} ever comes out. */
class NoiseInputPropertiesTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final byte[] AUTHORITY_SECRET = Secp256k1.generateSecretKey(RANDOM);
    private static final ResponderCredentials CREDENTIALS =
            ResponderCredentials.issue(AUTHORITY_SECRET, NOW, Duration.ofHours(1), RANDOM);
    private static final NoiseSession RESPONDER_SESSION = establishedResponderSession();

    private static NoiseSession establishedResponderSession() {
        try {
            NoiseInitiator initiator = NoiseInitiator.unauthenticated(RANDOM);
            NoiseResponder.Reply reply = new NoiseResponder(CREDENTIALS, RANDOM).processAct1(initiator.writeAct1());
            initiator.readAct2(reply.act2());
            return reply.session();
        } catch (NoiseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 200)
    void anySixtyFourBytesAreAValidActOne(@ForAll @Size(64) byte[] act1) throws NoiseException {
        NoiseResponder.Reply reply = new NoiseResponder(CREDENTIALS, RANDOM).processAct1(act1);
        assertThat(reply.act2()).hasSize(NoiseProtocol.ACT2_LENGTH);
    }

    @Property(tries = 200)
    void anyOtherLengthOfActOneIsAHandshakeFailure(@ForAll @Size(max = 300) byte[] act1) {
        if (act1.length == NoiseProtocol.ACT1_LENGTH) {
            return;
        }
        assertThatThrownBy(() -> new NoiseResponder(CREDENTIALS, RANDOM).processAct1(act1))
                .isInstanceOf(NoiseException.class)
                .extracting(e -> ((NoiseException) e).reason())
                .isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
    }

    @Property(tries = 100)
    void arbitraryActTwoIsAHandshakeFailure(@ForAll @Size(max = 300) byte[] act2) {
        NoiseInitiator initiator =
                NoiseInitiator.verifying(Secp256k1.xOnlyPublicKey(AUTHORITY_SECRET), InstantSource.fixed(NOW), RANDOM);
        initiator.writeAct1();
        assertThatThrownBy(() -> initiator.readAct2(act2))
                .isInstanceOf(NoiseException.class)
                .extracting(e -> ((NoiseException) e).reason())
                .isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
    }

    /** A failed decryption leaves the nonce alone, so one session serves every try. */
    @Property(tries = 500)
    void arbitraryCiphertextIsAFrameDecodeError(@ForAll @Size(max = 400) byte[] ciphertext) {
        assertThatThrownBy(() -> RESPONDER_SESSION.decryptFrame(ciphertext))
                .isInstanceOf(NoiseException.class)
                .extracting(e -> ((NoiseException) e).reason())
                .isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
    }
}
