package org.reservegrid.testminer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.testkit.process.Sv2GatewayProcess;
import org.reservegrid.testkit.stub.StubTemplateManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * test-miner against the real sv2-gateway (its packaged jar, as a process) fed by a stub template-manager. Skipped
 * with the reason when the gateway jar is not built (failed under CI=true).
 */
class TestMinerAgainstGatewayTests {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Sv2GatewayProcess gateway, String... extra) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                String.valueOf(gateway.sv2Port()),
                "--authority-pubkey",
                gateway.authorityPublicKey(),
                "--job-timeout-secs",
                "30",
                "--json"));
        args.addAll(List.of(extra));
        return TestMinerMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode report() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonMapper.builder().build().readTree(lines[lines.length - 1]);
    }

    private String transcript(Sv2GatewayProcess gateway) {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8) + "\n--- gateway ---\n"
                + gateway.logTail();
    }

    @Test
    void onRegtestEveryGroundShareIsABlockAndEveryOneIsAccepted() throws Exception {
        try (StubTemplateManager templates = StubTemplateManager.chain(StubTemplateManager.REGTEST_BITS);
                Sv2GatewayProcess gateway = Sv2GatewayProcess.startReady(templates.url(), dataDir, Map.of())) {
            int exit = run(gateway, "--shares", "3", "--interval-secs", "1", "--hashrate", "1000");

            assertThat(exit).as(transcript(gateway)).isZero();
            JsonNode report = report();
            assertThat(report.get("accepted").asInt()).isEqualTo(3);
            assertThat(templates.submittedBlockHashes()).hasSizeGreaterThanOrEqualTo(3);
            JsonNode shares = gateway.getJson("/api/stats").get("shares");
            assertThat(shares.get("accepted").asLong()).as(shares.toString()).isEqualTo(3);
            assertThat(shares.get("blocks").asLong()).as(shares.toString()).isEqualTo(3);
        }
    }

    @Test
    void batchedAcknowledgementsFlushedByTheGatewaysTimerAreCountedPerShare() throws Exception {
        try (StubTemplateManager templates = StubTemplateManager.chain(StubTemplateManager.HARD_BITS);
                Sv2GatewayProcess gateway = Sv2GatewayProcess.startReady(
                        templates.url(),
                        dataDir,
                        Map.of("VELDRA_GATEWAY_SHARE_BATCH_SIZE", "4", "VELDRA_GATEWAY_SHARE_ACK_FLUSH_SECS", "0.5"))) {
            int exit = run(gateway, "--shares", "6", "--interval-secs", "0.1", "--hashrate", "1000");

            assertThat(exit).as(transcript(gateway)).isZero();
            JsonNode report = report();
            assertThat(report.get("accepted").asInt()).isEqualTo(6);
            assertThat(report.get("success_messages").asInt()).isLessThan(6);
            assertThat(templates.submittedBlockHashes()).isEmpty();
        }
    }

    @Test
    void randomNoncesAreRejectedByTheGatewayWithItsErrorCodes() throws Exception {
        try (StubTemplateManager templates = StubTemplateManager.chain(StubTemplateManager.HARD_BITS);
                Sv2GatewayProcess gateway = Sv2GatewayProcess.startReady(templates.url(), dataDir, Map.of())) {
            int exit = run(gateway, "--shares", "3", "--interval-secs", "0.1", "--random-nonces", "--hashrate", "1e9");

            assertThat(exit).as(transcript(gateway)).isEqualTo(1);
            JsonNode report = report();
            assertThat(report.get("rejected").size()).isEqualTo(3);
            report.get("rejected").forEach(code -> assertThat(code.asString()).isEqualTo("difficulty-too-low"));
        }
    }
}
