package org.reservegrid.sri;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.Sv2GatewayProcess;
import org.reservegrid.testkit.stub.StubTemplateManager;
import tools.jackson.databind.JsonNode;

/**
 * Direction (c) against the real gateway: {@code sri-client standard-channel} (the reference implementation's
 * {@code mining_sv2} messages and header layout) against sv2-gateway's packaged jar, run as a process and fed by a
 * stub template-manager. Skipped when cargo or the gateway jar is missing (failed under CI=true).
 */
class SriStandardChannelAgainstGatewayTests {

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dataDir;

    private SriPeers peers;

    @BeforeEach
    void buildPeers() {
        peers = SriPeers.require();
        ServiceJars.require("sv2-gateway");
    }

    private PeerProcess standardChannel(Sv2GatewayProcess gateway, String... options) {
        List<String> command = new ArrayList<>(List.of(
                peers.client().toString(),
                "standard-channel",
                "--port",
                String.valueOf(gateway.sv2Port()),
                "--authority-pubkey",
                gateway.authorityPublicKey(),
                "--timeout-secs",
                "20"));
        command.addAll(List.of(options));
        return PeerProcess.start(command);
    }

    @Test
    void theGatewayAcceptsReferenceSharesAndAnswersBadOnesWithTheReferenceCodes() throws Exception {
        // Difficulty-1 network target: shares are never blocks, the tip stays put, acknowledgements come singly.
        try (StubTemplateManager templates = StubTemplateManager.chain(StubTemplateManager.HARD_BITS);
                Sv2GatewayProcess gateway = Sv2GatewayProcess.startReady(
                        templates.url(), dataDir, Map.of("VELDRA_GATEWAY_SHARE_BATCH_SIZE", "1"));
                PeerProcess client = standardChannel(gateway, "--shares", "3", "--hashrate", "1000")) {

            assertThat(client.awaitExit(PEER_TIMEOUT))
                    .as(client.transcript() + "\n--- gateway ---\n" + gateway.logTail())
                    .isZero();

            List<String> lines = client.stdoutLines();
            assertThat(lines)
                    .filteredOn(line -> line.startsWith("SHARE_ACCEPTED"))
                    .hasSize(3);
            assertThat(lines)
                    .contains(
                            "SHARE_REJECTED seq=4 kind=unknown-job error_code=invalid-job-id",
                            "SHARE_REJECTED seq=5 kind=low-difficulty error_code=difficulty-too-low",
                            "SHARE_REJECTED seq=6 kind=duplicate error_code=duplicate-share")
                    .endsWith("DONE");
            JsonNode shares = gateway.getJson("/api/stats").get("shares");
            assertThat(shares.get("accepted").asLong()).as(shares.toString()).isEqualTo(3);
        }
    }

    @Test
    void onRegtestEveryShareIsABlockAndTheOldJobIsStale() throws Exception {
        try (StubTemplateManager templates = StubTemplateManager.chain(StubTemplateManager.REGTEST_BITS);
                Sv2GatewayProcess gateway = Sv2GatewayProcess.startReady(templates.url(), dataDir, Map.of());
                // One share: one block, one tip change, so the stale share names the job exactly one tip back (the
                // gateway keeps the jobs of one previous tip; older ones are unknown, invalid-job-id).
                PeerProcess client = standardChannel(
                        gateway, "--shares", "1", "--hashrate", "1000", "--bad-shares", "stale,unknown-job")) {

            assertThat(client.awaitExit(PEER_TIMEOUT))
                    .as(client.transcript() + "\n--- gateway ---\n" + gateway.logTail())
                    .isZero();

            List<String> lines = client.stdoutLines();
            assertThat(lines)
                    .filteredOn(line -> line.startsWith("SHARE_ACCEPTED"))
                    .hasSize(1);
            assertThat(lines)
                    .anyMatch(line -> line.matches("SHARE_REJECTED seq=\\d+ kind=stale error_code=stale-share"))
                    .anyMatch(
                            line -> line.matches("SHARE_REJECTED seq=\\d+ kind=unknown-job error_code=invalid-job-id"))
                    .endsWith("DONE");
            assertThat(templates.submittedBlockHashes()).hasSize(1);
        }
    }
}
