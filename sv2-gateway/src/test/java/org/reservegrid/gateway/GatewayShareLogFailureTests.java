package org.reservegrid.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.gateway.support.Templates;
import org.reservegrid.gateway.support.TestMiner;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.OpenStandardMiningChannel;
import org.reservegrid.sv2.message.OpenStandardMiningChannelSuccess;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SetupConnection;
import org.reservegrid.sv2.message.SetupConnectionSuccess;
import org.reservegrid.sv2.message.SubmitSharesError;
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.stub.StubTemplateManager;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A full disk under the share log, for real: the log's file is a link to {@code /dev/full}, where every write fails
 * with ENOSPC. The gateway must not acknowledge a share it could not write, must refuse later ones with the SV2
 * error for it (counted as {@code share_forward_failed}), say so in readiness and metrics, and acknowledge the
 * waiting share once the disk takes writes again.
 */
class GatewayShareLogFailureTests {
    private static final long CURTIME = System.currentTimeMillis() / 1000;
    private static final long VERSION = 0x2000_0000L;

    @TempDir
    Path dataDir;

    @Test
    void aFullDiskStopsAcknowledgementsRefusesSharesAndRecoversWithoutLosingOne() throws Exception {
        Path log = dataDir.resolve("share-log/shares-000001.jsonl");
        Files.createDirectories(log.getParent());
        Files.createSymbolicLink(log, Path.of("/dev/full"));

        try (StubTemplateManager templateManager = new StubTemplateManager()) {
            Map<String, Object> env = InProcessGatewayEnvironment.observe(templateManager.url(), dataDir);
            env.put("VELDRA_GATEWAY_SHARE_BATCH_SIZE", "1");
            try (ConfigurableApplicationContext app =
                    GatewayApplication.application().properties(env).run()) {
                Http http = Http.loopback(((ReactiveWebServerApplicationContext) app)
                        .getWebServer()
                        .getPort());
                int sv2Port = app.getBean(Sv2Server.class).port();
                templateManager.publishTemplate(
                        1,
                        Templates.empty(1, 200, Templates.hash(0xaa), Templates.HARD_BITS, CURTIME)
                                .toString());
                Await.until("ready", () -> http.get("/ready").status() == 200);

                byte[] authority = Sv2KeyText.decodeAuthorityPublicKey(http.get("/api/noise")
                        .json()
                        .get("authority_public_key")
                        .asString());
                try (TestMiner miner = new TestMiner(sv2Port, authority)) {
                    assertThat(miner.awaitHandshake(10)).isTrue();
                    miner.send(SetupConnection.mining(0x1, "127.0.0.1", sv2Port, "test", "hw", "fw", "dev"));
                    miner.expect(SetupConnectionSuccess.class);
                    miner.send(new OpenStandardMiningChannel(1, "alice.rig1", 1.0f, U256.MAX));
                    long channelId =
                            miner.expect(OpenStandardMiningChannelSuccess.class).channelId();
                    NewMiningJob job = miner.expect(NewMiningJob.class);
                    SetNewPrevHash tip = miner.expect(SetNewPrevHash.class);
                    U256 target = Targets.forHashrate(1.0, 18);

                    // The first share is taken, but its write fails: no acknowledgement.
                    long first = TestMiner.grind(job, tip, CURTIME, VERSION, target, true);
                    miner.send(TestMiner.share(channelId, 1, job, first, CURTIME, VERSION));
                    Await.until("the share log failed", () -> http.get("/ready").status() == 503);
                    assertThat(http.get("/ready")
                                    .json()
                                    .at("/checks/share_log/reason")
                                    .asString())
                            .isEqualTo("share_log_failed");
                    assertThat(http.get("/ready")
                                    .json()
                                    .at("/checks/share_log/detail")
                                    .asString())
                            .contains("No space left on device");
                    String metrics = http.get("/metrics").body();
                    assertThat(metrics).contains("rg_gateway_share_log_failed 1.0");
                    assertThat(value(metrics, "rg_gateway_share_log_io_failures_total"))
                            .isPositive();

                    // A share while it fails is refused with the SV2 error, counted as share_forward_failed.
                    long second = TestMiner.grind(job, tip, CURTIME + 1, VERSION, target, true);
                    miner.send(TestMiner.share(channelId, 2, job, second, CURTIME + 1, VERSION));
                    SubmitSharesError refused = miner.expect(SubmitSharesError.class);
                    assertThat(refused.sequenceNumber()).isEqualTo(2);
                    assertThat(refused.errorCode().asString()).isEqualTo("server-busy");
                    assertThat(value(
                                    http.get("/metrics").body(),
                                    "rg_gateway_shares_total{outcome=\"rejected\",reason=\"share_forward_failed\"}"))
                            .isEqualTo(1.0);

                    // Space returns: the waiting share is written, then acknowledged; the log takes shares again.
                    Files.delete(log);
                    SubmitSharesSuccess late = miner.expect(SubmitSharesSuccess.class);
                    assertThat(late.lastSequenceNumber()).isEqualTo(1);
                    assertThat(late.newSubmitsAcceptedCount()).isEqualTo(1);
                    Await.until("ready again", () -> http.get("/ready").status() == 200);
                    long third = TestMiner.grind(job, tip, CURTIME + 2, VERSION, target, true);
                    miner.send(TestMiner.share(channelId, 3, job, third, CURTIME + 2, VERSION));
                    assertThat(miner.expect(SubmitSharesSuccess.class).lastSequenceNumber())
                            .isEqualTo(3);
                    List<String> lines = Files.readAllLines(log);
                    assertThat(lines).hasSize(2);
                    assertThat(lines.get(0)).startsWith("{\"seq\":1,").contains("\"nonce\":" + first);
                    assertThat(lines.get(1)).startsWith("{\"seq\":2,").contains("\"nonce\":" + third);
                    assertThat(http.get("/metrics").body()).contains("rg_gateway_share_log_failed 0.0");
                }
            }
        }
    }

    private static double value(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series));
    }
}
