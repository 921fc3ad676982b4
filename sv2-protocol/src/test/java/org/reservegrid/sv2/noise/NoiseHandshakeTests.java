package org.reservegrid.sv2.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;

/** Both state machines with random keys: what succeeds, and what each kind of tampering does. */
class NoiseHandshakeTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private final byte[] authoritySecret = Secp256k1.generateSecretKey(RANDOM);
    private final byte[] authority = Secp256k1.xOnlyPublicKey(authoritySecret);
    private final ResponderCredentials credentials =
            ResponderCredentials.issue(authoritySecret, NOW.minusSeconds(60), Duration.ofHours(1), RANDOM);

    private NoiseInitiator verifyingInitiator() {
        return NoiseInitiator.verifying(authority, InstantSource.fixed(NOW), RANDOM);
    }

    @Test
    void bothSidesEndWithMatchingSessions() throws NoiseException {
        NoiseInitiator initiator = verifyingInitiator();
        byte[] act1 = initiator.writeAct1();
        NoiseResponder.Reply reply = new NoiseResponder(credentials, RANDOM).processAct1(act1);
        NoiseSession client = initiator.readAct2(reply.act2());
        NoiseSession server = reply.session();

        assertThat(act1).hasSize(NoiseProtocol.ACT1_LENGTH);
        assertThat(reply.act2()).hasSize(NoiseProtocol.ACT2_LENGTH);
        assertThat(client.handshakeHash()).isEqualTo(server.handshakeHash());
        assertThat(client.remoteStaticXOnly()).isEqualTo(credentials.staticKey().xOnlyPublicKey());
        assertThat(server.remoteStaticXOnly()).isNull();

        byte[] frame = {0, 0, 0x10, 3, 0, 0, 7, 8, 9};
        assertThat(server.decryptFrame(client.encryptFrame(frame))).isEqualTo(frame);
        assertThat(client.decryptFrame(server.encryptFrame(frame))).isEqualTo(frame);
    }

    @Test
    void everyFlippedBitOfActTwoFailsTheHandshake() throws NoiseException {
        for (int index : new int[] {0, 63, 64, 100, 143, 144, 200, 233}) {
            NoiseInitiator initiator = verifyingInitiator();
            byte[] act2 = new NoiseResponder(credentials, RANDOM)
                    .processAct1(initiator.writeAct1())
                    .act2();
            act2[index] ^= 0x01;
            assertThatThrownBy(() -> initiator.readAct2(act2))
                    .as("byte %d", index)
                    .isInstanceOf(NoiseException.class)
                    .extracting(e -> ((NoiseException) e).reason())
                    .isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityFailsTheHandshake() throws NoiseException {
        byte[] otherAuthority = Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(RANDOM));
        NoiseInitiator initiator = NoiseInitiator.verifying(otherAuthority, InstantSource.fixed(NOW), RANDOM);
        byte[] act2 = new NoiseResponder(credentials, RANDOM)
                .processAct1(initiator.writeAct1())
                .act2();
        assertThatThrownBy(() -> initiator.readAct2(act2))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("authority");
    }

    @Test
    void anExpiredCertificateFailsTheHandshake() throws NoiseException {
        NoiseInitiator initiator =
                NoiseInitiator.verifying(authority, InstantSource.fixed(NOW.plus(Duration.ofHours(2))), RANDOM);
        byte[] act2 = new NoiseResponder(credentials, RANDOM)
                .processAct1(initiator.writeAct1())
                .act2();
        assertThatThrownBy(() -> initiator.readAct2(act2))
                .isInstanceOf(NoiseException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void anUnauthenticatedInitiatorAcceptsAnyCertifiedResponder() throws NoiseException {
        NoiseInitiator initiator = NoiseInitiator.unauthenticated(RANDOM);
        assertThat(initiator.authenticatesResponder()).isFalse();
        byte[] act2 = new NoiseResponder(credentials, RANDOM)
                .processAct1(initiator.writeAct1())
                .act2();
        assertThat(initiator.readAct2(act2).remoteStaticXOnly())
                .isEqualTo(credentials.staticKey().xOnlyPublicKey());
    }

    @Test
    void wrongLengthsAreTypedErrors() {
        assertThatThrownBy(() -> new NoiseResponder(credentials, RANDOM).processAct1(new byte[63]))
                .isInstanceOf(NoiseException.class);
        NoiseInitiator initiator = verifyingInitiator();
        initiator.writeAct1();
        assertThatThrownBy(() -> initiator.readAct2(new byte[170])).isInstanceOf(NoiseException.class);
    }

    @Test
    void aTamperedFrameIsAFrameDecodeError() throws NoiseException {
        NoiseInitiator initiator = verifyingInitiator();
        NoiseResponder.Reply reply = new NoiseResponder(credentials, RANDOM).processAct1(initiator.writeAct1());
        NoiseSession client = initiator.readAct2(reply.act2());
        byte[] encrypted = client.encryptFrame(new byte[] {0, 0, 0x10, 1, 0, 0, 42});
        encrypted[encrypted.length - 1] ^= 0x40;
        assertThatThrownBy(() -> reply.session().decryptFrame(encrypted))
                .isInstanceOf(NoiseException.class)
                .extracting(e -> ((NoiseException) e).reason())
                .isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
    }

    @Test
    void credentialsVerifyAgainstTheirAuthority() throws NoiseException {
        credentials.verify(authority, NOW);
        byte[] otherAuthority = Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(RANDOM));
        assertThatThrownBy(() -> credentials.verify(otherAuthority, NOW)).isInstanceOf(NoiseException.class);
    }
}
