package org.reservegrid.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.reservegrid.sv2.message.SubmitSharesSuccess;
import org.reservegrid.sv2.message.Sv2Message;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.process.ServiceProcess;
import org.reservegrid.testkit.stub.StubTemplateManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The share log across a real process crash: the gateway runs as its own JVM, acknowledges shares, is killed with
 * SIGKILL while more shares are in flight, and is started again on the same data directory. Every acknowledged share
 * must be in the log, sequence numbers must continue without a gap or a repeat, and the Noise identity must survive.
 */
class GatewayProcessRestartTests {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final long CURTIME = System.currentTimeMillis() / 1000;

    @TempDir
    Path dataDir;

    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(ServiceProcess::kill);
    }

    @Test
    void acknowledgedSharesSurviveAKilledProcessAndNumberingContinues() throws Exception {
        try (StubTemplateManager templateManager = new StubTemplateManager()) {
            templateManager.publishTemplate(
                    1,
                    Templates.empty(1, 300, Templates.hash(0xcc), Templates.HARD_BITS, CURTIME)
                            .toString());

            Gateway first = start(templateManager);
            String authority =
                    first.json("/api/noise").get("authority_public_key").asString();
            Set<Long> acknowledged = new HashSet<>();
            try (TestMiner miner = first.miner(authority)) {
                Mining mining = Mining.open(miner, "carol");
                for (int i = 0; i < 20; i++) {
                    long nonce = mining.submit(i);
                    SubmitSharesSuccess ack = miner.expect(SubmitSharesSuccess.class);
                    assertThat(ack.newSubmitsAcceptedCount()).isEqualTo(1);
                    acknowledged.add(nonce);
                }
                // In flight when the process dies: logged or not, but never acknowledged and lost.
                for (int i = 20; i < 40; i++) {
                    mining.submit(i);
                }
                first.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                assertThat(miner.awaitClosed(10)).isTrue();
                for (Sv2Message message; (message = miner.next(0)) != null; ) {
                    if (message instanceof SubmitSharesSuccess) {
                        acknowledged.add(mining.nonceOf(((SubmitSharesSuccess) message).lastSequenceNumber()));
                    }
                }
            }

            Gateway second = start(templateManager);
            JsonNode noise = second.json("/api/noise");
            assertThat(noise.get("authority_public_key").asString()).isEqualTo(authority);
            assertThat(noise.get("source").asString()).isEqualTo("data_dir");
            try (TestMiner miner = second.miner(authority)) {
                Mining mining = Mining.open(miner, "carol");
                for (int i = 100; i < 110; i++) {
                    long nonce = mining.submit(i);
                    miner.expect(SubmitSharesSuccess.class);
                    acknowledged.add(nonce);
                }
            }
            second.process().destroy();
            assertThat(second.process().waitFor(20, TimeUnit.SECONDS)).isTrue();

            List<JsonNode> lines = new ArrayList<>();
            for (Path file : Files.list(dataDir.resolve("share-log")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(MAPPER.readTree(line));
                }
            }
            Set<Long> logged = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i).get("seq").asLong()).isEqualTo(i + 1);
                logged.add(lines.get(i).get("nonce").asLong());
            }
            assertThat(logged).containsAll(acknowledged);
            assertThat(lines.size()).isBetween(30, 50);
        }
    }

    /** One channel's mining: distinct valid shares on the first job, remembering which nonce went with which seq. */
    private record Mining(TestMiner miner, long channelId, NewMiningJob job, SetNewPrevHash tip, List<Long> nonces) {
        static Mining open(TestMiner miner, String user) throws InterruptedException {
            miner.send(SetupConnection.mining(0, "127.0.0.1", 0, "test", "", "", ""));
            miner.expect(SetupConnectionSuccess.class);
            miner.send(new OpenStandardMiningChannel(1, user, 1.0f, U256.MAX));
            long channelId =
                    miner.expect(OpenStandardMiningChannelSuccess.class).channelId();
            NewMiningJob job = miner.expect(NewMiningJob.class);
            SetNewPrevHash tip = miner.expect(SetNewPrevHash.class);
            return new Mining(miner, channelId, job, tip, new ArrayList<>());
        }

        /** Submits a share at ntime {@code CURTIME + i}; returns its nonce. */
        long submit(int i) {
            long ntime = CURTIME + i;
            long nonce = TestMiner.grind(job, tip, ntime, job.version(), Targets.forHashrate(1.0, 18), true);
            nonces.add(nonce);
            miner.send(TestMiner.share(channelId, nonces.size(), job, nonce, ntime, job.version()));
            return nonce;
        }

        long nonceOf(long sequence) {
            return nonces.get((int) sequence - 1);
        }
    }

    private record Gateway(ServiceProcess service, int sv2Port) {
        Process process() {
            return service.process();
        }

        JsonNode json(String path) {
            return service.get(path).json();
        }

        TestMiner miner(String authority) throws InterruptedException {
            TestMiner miner = new TestMiner(sv2Port, Sv2KeyText.decodeAuthorityPublicKey(authority));
            assertThat(miner.awaitHandshake(10)).isTrue();
            return miner;
        }
    }

    /** The gateway's own main class from this module's test class path, as its own JVM, on {@code dataDir}. */
    private Gateway start(StubTemplateManager templateManager) {
        int http = FreePorts.loopback();
        int sv2 = FreePorts.loopback();
        ServiceProcess service = ServiceProcess.mainClass("sv2-gateway", GatewayApplication.class)
                .httpPort(http)
                .jvmOptions(List.of())
                .log(dataDir.resolve("gateway.log"))
                .environment(Map.of(
                        "VELDRA_GATEWAY_HTTP_PORT", Integer.toString(http),
                        "VELDRA_GATEWAY_SV2_PORT", Integer.toString(sv2),
                        "VELDRA_TEMPLATE_MANAGER_URL", templateManager.url(),
                        "VELDRA_GATEWAY_PAYOUT_SCRIPT", "51",
                        "VELDRA_DATA_DIR", dataDir.toString(),
                        "VELDRA_GATEWAY_SHARE_BATCH_SIZE", "1"))
                .build();
        processes.add(service);
        service.launch();
        Gateway gateway = new Gateway(service, sv2);
        // A JVM start on a busy 2-core machine can take longer than Await's default; this only bounds a hang.
        Await.until("gateway process ready", Duration.ofSeconds(90), () -> {
            assertThat(service.isAlive()).as("gateway process alive").isTrue();
            try {
                return gateway.json("/ready").get("ready").asBoolean();
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return gateway;
    }
}
