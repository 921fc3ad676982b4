package org.reservegrid.sri;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reservegrid.sv2.message.MiningSetupFlag;
import org.reservegrid.sv2.netty.noise.NoiseHandshakeCompleted;

/**
 * Direction (a): the reference implementation's crates as initiator ({@code sri-client}) against sv2-protocol's
 * Noise responder, frame decoder and message codec.
 */
class SriClientAgainstJavaResponderTests {

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    private SriPeers peers;

    /** Per test rather than per class, so that a skip is reported for every test with its reason. */
    @BeforeEach
    void buildPeers() {
        peers = SriPeers.require();
    }

    private PeerProcess sriClient(String subcommand, int port, String authorityKey, String... options) {
        List<String> command = new ArrayList<>(List.of(
                peers.client().toString(),
                subcommand,
                "--port",
                String.valueOf(port),
                "--authority-pubkey",
                authorityKey,
                "--timeout-secs",
                "20"));
        command.addAll(List.of(options));
        return PeerProcess.start(command);
    }

    @Test
    void sriClientVerifiesTheCertificateSetsUpTheConnectionAndEchoesFramesOfEverySize() {
        Authority authority = Authority.generate();
        try (JavaResponder responder = JavaResponder.start(authority.issueCredentials());
                PeerProcess client = sriClient(
                        "echo", responder.port(), authority.publicKeyHex(), "--sizes", EchoFrames.sizesArgument())) {

            assertThat(client.awaitExit(PEER_TIMEOUT)).as(client.transcript()).isZero();

            List<String> expected = new ArrayList<>();
            expected.add("HANDSHAKE_OK authority=" + authority.publicKeyHex());
            expected.add("SETUP_CONNECTION_SUCCESS used_version=2 flags=0x00000000");
            EchoFrames.SIZES.forEach(size -> expected.add("ECHO size=" + size + " ok"));
            expected.add("DONE");
            assertThat(client.stdoutLines()).as(client.transcript()).containsExactlyElementsOf(expected);

            assertThat(responder.setups()).singleElement().satisfies(setup -> {
                assertThat(setup.protocol()).isZero();
                assertThat(setup.minVersion()).isEqualTo(2);
                assertThat(setup.maxVersion()).isEqualTo(2);
                assertThat(MiningSetupFlag.REQUIRES_STANDARD_JOBS.isSetIn(setup.flags()))
                        .isTrue();
                assertThat(setup.endpointHost().asString()).isEqualTo("127.0.0.1");
                assertThat(setup.endpointPort()).isEqualTo(responder.port());
                assertThat(setup.vendor().asString()).isEqualTo("ReserveGrid testsuite-sri");
                assertThat(setup.deviceId().asString()).isEqualTo("sri-client");
            });
            assertThat(responder.echoedSizes()).containsExactlyElementsOf(EchoFrames.SIZES);
            responder.awaitClosedConnections(1, PEER_TIMEOUT);
            assertThat(responder.events()).singleElement().isInstanceOf(NoiseHandshakeCompleted.class);
            assertThat(responder.unexpected()).isEmpty();
        }
    }

    @Test
    void sriClientTakesTheAuthorityKeyInTheReferenceBase58checkForm() {
        Authority authority = Authority.generate();
        try (JavaResponder responder = JavaResponder.start(authority.issueCredentials());
                PeerProcess client = sriClient("setup", responder.port(), authority.publicKeyText())) {

            assertThat(client.awaitExit(PEER_TIMEOUT)).as(client.transcript()).isZero();
            assertThat(client.stdoutLines())
                    .as(client.transcript())
                    .contains("HANDSHAKE_OK authority=" + authority.publicKeyHex());
        }
    }

    @Test
    void sriClientRejectsACertificateSignedByAnotherAuthority() {
        Authority pool = Authority.generate();
        Authority impostor = Authority.generate();
        try (JavaResponder responder = JavaResponder.start(impostor.issueCredentials());
                PeerProcess client = sriClient("setup", responder.port(), pool.publicKeyHex())) {

            assertThat(client.awaitExit(PEER_TIMEOUT)).as(client.transcript()).isEqualTo(1);
            assertThat(client.stdoutLines()).as(client.transcript()).isEmpty();
            assertThat(client.stderr()).contains("FAILED handshake").contains("Invalid Certificate");

            responder.awaitClosedConnections(1, PEER_TIMEOUT);
            assertThat(responder.setups()).isEmpty();
        }
    }

    @ParameterizedTest(name = "protocol {0}, versions {1}..{2} -> {3}")
    @CsvSource({"2, 2, 2, unsupported-protocol", "0, 3, 4, protocol-version-mismatch"})
    void sriClientDecodesTheJavaRefusalOfASetupConnection(
            int protocol, int minVersion, int maxVersion, String errorCode) {
        Authority authority = Authority.generate();
        try (JavaResponder responder = JavaResponder.start(authority.issueCredentials());
                PeerProcess client = sriClient(
                        "setup",
                        responder.port(),
                        authority.publicKeyHex(),
                        "--protocol",
                        String.valueOf(protocol),
                        "--min-version",
                        String.valueOf(minVersion),
                        "--max-version",
                        String.valueOf(maxVersion),
                        "--expect-error",
                        errorCode)) {

            assertThat(client.awaitExit(PEER_TIMEOUT)).as(client.transcript()).isZero();
            assertThat(client.stdoutLines())
                    .as(client.transcript())
                    .contains("SETUP_CONNECTION_ERROR flags=0x00000000 error_code=\"" + errorCode + "\"");
            assertThat(responder.setups()).singleElement().satisfies(setup -> {
                assertThat(setup.protocol()).isEqualTo(protocol);
                assertThat(setup.minVersion()).isEqualTo(minVersion);
                assertThat(setup.maxVersion()).isEqualTo(maxVersion);
            });
        }
    }
}
