package org.reservegrid.sri;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.sv2.binary.Str0255;
import org.reservegrid.sv2.message.MiningSetupFlag;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionError;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.Sv2Protocol;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeFailed;

/**
 * Direction (b): sv2-protocol's Noise initiator, frame decoder and message codec (the test-miner side) against
 * the reference implementation's crates as responder ({@code sri-server}).
 */
class JavaInitiatorAgainstSriServerTests {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    private SriPeers peers;

    /** Per test rather than per class, so that a skip is reported for every test with its reason. */
    @BeforeEach
    void buildPeers() {
        peers = SriPeers.require();
    }

    private PeerProcess sriServer(String subcommand, Authority authority, String... options) {
        List<String> command = new ArrayList<>(List.of(
                peers.server().toString(),
                subcommand,
                "--authority-secret-key",
                authority.secretKeyText(),
                "--timeout-secs",
                "20",
                "--accept-timeout-secs",
                "60"));
        command.addAll(List.of(options));
        return PeerProcess.start(command);
    }

    private static int listeningPort(PeerProcess server) {
        String line = server.awaitLine(l -> l.startsWith("LISTENING 127.0.0.1:"), PEER_TIMEOUT);
        return Integer.parseInt(line.substring("LISTENING 127.0.0.1:".length(), line.indexOf(' ', 10)));
    }

    private static SetupConnection miningSetup(int protocol, int port) {
        return new SetupConnection(
                protocol,
                Sv2Protocol.VERSION,
                Sv2Protocol.VERSION,
                MiningSetupFlag.maskOf(MiningSetupFlag.REQUIRES_STANDARD_JOBS),
                Str0255.of("127.0.0.1"),
                port,
                Str0255.of("ReserveGrid test-miner"),
                Str0255.of("hw-1"),
                Str0255.of("fw 0.1"),
                Str0255.of("device-7"));
    }

    @Test
    void javaInitiatorVerifiesTheCertificateSetsUpTheConnectionAndEchoesFramesOfEverySize() {
        Authority authority = Authority.generate();
        try (PeerProcess server = sriServer("echo", authority, "--expect-sizes", EchoFrames.sizesArgument())) {
            int port = listeningPort(server);
            try (JavaInitiator initiator = JavaInitiator.connect(port, authority.xOnlyPublicKey())) {
                initiator.next(NoiseHandshakeCompleted.class, STEP_TIMEOUT);

                initiator.send(miningSetup(Sv2Protocol.MINING.code(), port));
                SetupConnectionSuccess success = initiator.next(SetupConnectionSuccess.class, STEP_TIMEOUT);
                assertThat(success.usedVersion()).isEqualTo(2);
                assertThat(success.flags()).isZero();

                for (int i = 0; i < EchoFrames.SIZES.size(); i++) {
                    byte[] payload = EchoFrames.payload(EchoFrames.SIZES.get(i), i);
                    initiator.sendEcho(payload);
                    JavaInitiator.EchoFrame reply = initiator.next(JavaInitiator.EchoFrame.class, STEP_TIMEOUT);
                    assertThat(reply.messageType()).isEqualTo(EchoFrames.REPLY);
                    assertThat(reply.payload())
                            .as("echo of %d bytes", payload.length)
                            .isEqualTo(payload);
                }
            }

            assertThat(server.awaitExit(PEER_TIMEOUT)).as(server.transcript()).isZero();
            List<String> expected = new ArrayList<>();
            expected.add("HANDSHAKE_OK");
            expected.add("SETUP_CONNECTION protocol=0 min_version=2 max_version=2 flags=0x00000001"
                    + " endpoint_host=\"127.0.0.1\" endpoint_port=" + port
                    + " vendor=\"ReserveGrid test-miner\" hardware_version=\"hw-1\" firmware=\"fw 0.1\""
                    + " device_id=\"device-7\"");
            expected.add("SETUP_CONNECTION_SUCCESS used_version=2 flags=0x00000000");
            EchoFrames.SIZES.forEach(size -> expected.add("ECHO size=" + size));
            expected.add("CONNECTION_DONE 1");
            assertThat(server.stdoutLines().subList(2, server.stdoutLines().size()))
                    .as(server.transcript())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void javaInitiatorRejectsAnSriServerCertifiedByAnotherAuthority() {
        Authority pool = Authority.generate();
        Authority impostor = Authority.generate();
        try (PeerProcess server = sriServer("handshake", impostor);
                JavaInitiator initiator = JavaInitiator.connect(listeningPort(server), pool.xOnlyPublicKey())) {

            NoiseHandshakeFailed failed = initiator.next(NoiseHandshakeFailed.class, STEP_TIMEOUT);
            assertThat(failed.reason()).isEqualTo(GatewayReason.NOISE_HANDSHAKE_FAILED);
            initiator.next(JavaInitiator.Closed.class, STEP_TIMEOUT);
        }
    }

    @Test
    void sriServerRefusesAJavaSetupConnectionForAnotherProtocolWithTheReferenceCode() {
        Authority authority = Authority.generate();
        try (PeerProcess server = sriServer("setup", authority, "--expect-setup-error", "unsupported-protocol")) {
            int port = listeningPort(server);
            try (JavaInitiator initiator = JavaInitiator.connect(port, authority.xOnlyPublicKey())) {
                initiator.next(NoiseHandshakeCompleted.class, STEP_TIMEOUT);
                initiator.send(miningSetup(Sv2Protocol.TEMPLATE_DISTRIBUTION.code(), port));

                SetupConnectionError error = initiator.next(SetupConnectionError.class, STEP_TIMEOUT);
                assertThat(error.errorCode().asString()).isEqualTo("unsupported-protocol");
                assertThat(error.flags()).isZero();
            }
            assertThat(server.awaitExit(PEER_TIMEOUT)).as(server.transcript()).isZero();
        }
    }
}
