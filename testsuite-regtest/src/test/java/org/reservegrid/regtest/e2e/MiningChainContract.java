package org.reservegrid.regtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.core.Block;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.reservegrid.regtest.node.NodeInstallation;
import org.reservegrid.regtest.node.RegtestNode;
import org.reservegrid.regtest.service.HttpResult;
import org.reservegrid.regtest.service.PoolVerifierProcess;
import org.reservegrid.regtest.service.ServiceProcess;
import org.reservegrid.regtest.service.Sv2GatewayProcess;
import org.reservegrid.regtest.service.TemplateManagerProcess;
import org.reservegrid.regtest.service.TestMinerRun;
import tools.jackson.databind.JsonNode;

/**
 * The whole mining chain on one real regtest node: node, template-manager, pool-verifier, sv2-gateway (observe
 * mode, paying the suite's key) and test-miner, each its own process on loopback. On regtest nearly every share
 * meets the network target, so the miner's shares are blocks the gateway submits through template-manager.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
abstract class MiningChainContract {
    static final Duration WAIT = Duration.ofSeconds(45);

    RegtestNode node;
    PoolVerifierProcess verifier;
    TemplateManagerProcess templateManager;
    Sv2GatewayProcess gateway;

    private Optional<String> missing = Optional.empty();

    abstract Optional<String> missing(NodeInstallation installation);

    abstract RegtestNode create(NodeInstallation installation, ECKey payoutKey);

    /** The only reason these tests skip: the node binary is not installed (scripts/ci/install-regtest-nodes.sh). */
    @BeforeEach
    void requireInstalledNode() {
        assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
    }

    @BeforeAll
    void startNodeAndServices() {
        NodeInstallation installation = NodeInstallation.locate();
        missing = missing(installation);
        if (missing.isPresent()) {
            return; // every test is skipped by requireInstalledNode, with the reason
        }
        node = create(installation, new ECKey(new SecureRandom()));
        node.start();
        // Past genesis, and past segwit activation, so the gateway's coinbase with a witness commitment is valid.
        int target = Math.max(1, node.segwitActiveFromHeight());
        while (node.height() < target) {
            node.mine(Math.min(200, target - node.height()));
        }
        int templateManagerPort = ServiceProcess.freeLoopbackPort();
        URI templateManagerUrl = URI.create("http://127.0.0.1:" + templateManagerPort);
        verifier = PoolVerifierProcess.start(
                PipelineContract.jar("rg.pool-verifier.jar"), PipelineContract.POLICY, templateManagerUrl);
        templateManager = TemplateManagerProcess.start(
                PipelineContract.jar("rg.template-manager.jar"), templateManagerPort, node, verifier.tcpAddress());
        gateway = Sv2GatewayProcess.start(
                PipelineContract.jar("rg.sv2-gateway.jar"),
                templateManagerUrl,
                node.payoutScript().program());
        verifier.http().awaitHealthy();
        templateManager.http().awaitHealthy();
        gateway.http().awaitHealthy();
    }

    @AfterAll
    void stopAll() {
        for (AutoCloseable process : new AutoCloseable[] {gateway, templateManager, verifier, node}) {
            if (process != null) {
                try {
                    process.close();
                } catch (Exception e) {
                    // Closing the rest matters more than this failure.
                }
            }
        }
    }

    @Test
    void testMinersSharesBecomeBlocksTheGatewaySubmitsThroughTemplateManagerToTheNode() {
        // Ready once the first template came through template-manager's stream.
        gateway.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);
        JsonNode noise = gateway.http().get("/api/noise").json();
        assertThat(noise.path("sv2_port").asInt()).isEqualTo(gateway.sv2Port());
        int before = node.height();

        TestMinerRun run = TestMinerRun.run(
                PipelineContract.jar("rg.test-miner.jar"),
                Duration.ofSeconds(60),
                List.of(
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(gateway.sv2Port()),
                        "--authority-pubkey",
                        noise.path("authority_public_key").asString(),
                        "--shares",
                        "2",
                        "--interval-secs",
                        "1",
                        "--json"));

        assertThat(run.exitCode())
                .as(
                        "test-miner output:\n%s\ngateway log:\n%s",
                        run.output(), gateway.http().logTail())
                .isZero();
        assertThat(node.height()).as(run.output()).isGreaterThanOrEqualTo(before + 1);
        HttpResult blocks = gateway.http()
                .awaitHttp("/api/blocks", result -> result.status() == 200 && accepted(result.json()) != null, WAIT);
        JsonNode block = accepted(blocks.json());
        assertThat(block.path("height").asInt()).isGreaterThan(before);
        // The node holds the block the gateway recorded, at the recorded height, paying the suite's key.
        JsonNode onNode = node.rpc().call("getblock", block.path("hash").asString());
        assertThat(onNode.path("height").asInt()).isEqualTo(block.path("height").asInt());
        Block raw = Block.read(ByteBuffer.wrap(node.rawBlock(block.path("hash").asString())));
        assertThat(raw.getTransactions().get(0).getOutput(0).getScriptPubKey().program())
                .isEqualTo(node.payoutScript().program());
    }

    private static JsonNode accepted(JsonNode page) {
        for (JsonNode block : page.path("blocks")) {
            if (block.path("result").asString().equals("accepted")) {
                return block;
            }
        }
        return null;
    }
}
