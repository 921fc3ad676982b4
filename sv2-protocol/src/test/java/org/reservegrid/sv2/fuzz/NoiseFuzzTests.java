package org.reservegrid.sv2.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import org.reservegrid.common.fuzz.AllocationBudget;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.noise.NoiseException;
import org.reservegrid.sv2.noise.NoiseInitiator;
import org.reservegrid.sv2.noise.NoiseProtocol;
import org.reservegrid.sv2.noise.NoiseResponder;
import org.reservegrid.sv2.noise.NoiseSession;
import org.reservegrid.sv2.noise.ResponderCredentials;

/**
 * Coverage-guided fuzz targets for the Noise NX handshake acts (responder and initiator side) and the transport
 * frames (docs/fuzzing.md). Only {@link NoiseException}, with the reason the gateway closes with, may escape.
 */
class NoiseFuzzTests {

    /** The handshake's elliptic-curve arithmetic allocates some hundred KiB for any act; a length-driven allocation would be far more. */
    private static final AllocationBudget HANDSHAKE = new AllocationBudget(4 * 1024 * 1024, 64);

    private static final AllocationBudget TRANSPORT = AllocationBudget.binaryDecoder();
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final SecureRandom RANDOM = deterministicRandom();
    private static final byte[] AUTHORITY_SECRET = Secp256k1.generateSecretKey(RANDOM);
    private static final ResponderCredentials CREDENTIALS =
            ResponderCredentials.issue(AUTHORITY_SECRET, NOW, Duration.ofHours(1), RANDOM);
    private static final Sessions SESSIONS = Sessions.establish();

    /** Seeded, so that a finding replays the same keys. */
    private static SecureRandom deterministicRandom() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(12L);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Sessions(NoiseSession initiator, NoiseSession responder) {
        static Sessions establish() {
            try {
                NoiseInitiator initiator = NoiseInitiator.unauthenticated(RANDOM);
                NoiseResponder.Reply reply = new NoiseResponder(CREDENTIALS, RANDOM).processAct1(initiator.writeAct1());
                return new Sessions(initiator.readAct2(reply.act2()), reply.session());
            } catch (NoiseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Act 1 (the initiator's ElligatorSwift key) as a responder receives it: any 64 bytes are a valid key. */
    @FuzzTest
    void responderAct1(byte[] act1) {
        NoiseResponder.Reply reply;
        try {
            reply = HANDSHAKE.check(act1.length, () -> processAct1(act1));
        } catch (HandshakeRejected e) {
            assertThat(e.cause.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
            assertThat(act1.length).isNotEqualTo(NoiseProtocol.ACT1_LENGTH);
            return;
        }
        assertThat(act1).hasSize(NoiseProtocol.ACT1_LENGTH);
        assertThat(reply.act2()).hasSize(NoiseProtocol.ACT2_LENGTH);
    }

    /**
     * Act 2 as an initiator that verifies the pool's certificate receives it. The first half of the input may be
     * a real act 2 (the corpus holds one) whose bytes the fuzzer then flips; no forged act 2 may ever pass.
     */
    @FuzzTest
    void initiatorAct2(byte[] act2) {
        try {
            HANDSHAKE.check(act2.length, () -> readAct2(act2));
        } catch (HandshakeRejected e) {
            assertThat(e.cause.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
            return;
        }
        fail("an act 2 not made for this initiator's ephemeral key was accepted");
    }

    /**
     * Transport frames: the first byte chooses between an arbitrary ciphertext the responder must refuse with
     * FRAME_DECODE_ERROR (a failed tag leaves the nonces alone) and a plaintext frame that must survive
     * encryption by the initiator and decryption by the responder unchanged.
     */
    @FuzzTest
    void transportFrame(byte[] input) throws NoiseException {
        if (input.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 0) {
            try {
                TRANSPORT.check(body.length, () -> decrypt(SESSIONS.responder(), body));
            } catch (HandshakeRejected e) {
                assertThat(e.cause.reason()).isEqualTo(GatewayReason.FRAME_DECODE_ERROR);
                return;
            }
            fail("a ciphertext the initiator never sealed was opened");
        }
        if (body.length < NoiseProtocol.FRAME_HEADER_LENGTH
                || body.length != NoiseProtocol.FRAME_HEADER_LENGTH + NoiseSession.payloadLength(body, 0)) {
            return;
        }
        byte[] sealed = SESSIONS.initiator().encryptFrame(body);
        assertThat(sealed).hasSize(NoiseSession.encryptedFrameLength(body.length - NoiseProtocol.FRAME_HEADER_LENGTH));
        // Not under the budget: a successful decryption moves the nonce on, so it cannot run twice.
        assertThat(decrypt(SESSIONS.responder(), sealed)).isEqualTo(body);
    }

    /** Carries the checked {@link NoiseException} through the budget's {@code Supplier}. */
    private static final class HandshakeRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final NoiseException cause;

        HandshakeRejected(NoiseException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private static NoiseResponder.Reply processAct1(byte[] act1) {
        try {
            return new NoiseResponder(CREDENTIALS, RANDOM).processAct1(act1);
        } catch (NoiseException e) {
            throw new HandshakeRejected(e);
        }
    }

    /** A fresh initiator each time, so the budget's two runs do the same work. */
    private static NoiseSession readAct2(byte[] act2) {
        NoiseInitiator initiator =
                NoiseInitiator.verifying(Secp256k1.xOnlyPublicKey(AUTHORITY_SECRET), InstantSource.fixed(NOW), RANDOM);
        initiator.writeAct1();
        try {
            return initiator.readAct2(act2);
        } catch (NoiseException e) {
            throw new HandshakeRejected(e);
        }
    }

    private static byte[] decrypt(NoiseSession session, byte[] encrypted) {
        try {
            return session.decryptFrame(encrypted);
        } catch (NoiseException e) {
            throw new HandshakeRejected(e);
        }
    }
}
