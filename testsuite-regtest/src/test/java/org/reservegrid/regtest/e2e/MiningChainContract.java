package org.reservegrid.regtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.reservegrid.regtest.node.NodeInstallation;
import org.reservegrid.regtest.node.RegtestNode;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.PoolVerifierProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.Sv2GatewayProcess;
import org.reservegrid.testkit.process.TemplateManagerProcess;
import org.reservegrid.testkit.process.TestMinerRun;
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

    abstract Optional<String> missing(NodeInstallation installation);

    abstract RegtestNode create(NodeInstallation installation, ECKey payoutKey);

    @BeforeAll
    void startNodeAndServices() {
        NodeInstallation installation = NodeInstallation.locate();
        // The only reason these tests skip (or, under CI=true, fail): the node is not installed
        // (scripts/ci/install-regtest-nodes.sh).
        Prerequisite.require("regtest node", missing(installation));
        node = create(installation, new ECKey(new SecureRandom()));
        node.start();
        // Past genesis, and past segwit activation, so the gateway's coinbase with a witness commitment is valid.
        int target = Math.max(1, node.segwitActiveFromHeight());
        while (node.height() < target) {
            node.mine(Math.min(200, target - node.height()));
        }
        int templateManagerPort = FreePorts.loopback();
        URI templateManagerUrl = URI.create("http://127.0.0.1:" + templateManagerPort);
        verifier = PoolVerifierProcess.start(
                ServiceJars.require("pool-verifier"), PipelineContract.POLICY, templateManagerUrl);
        templateManager = TemplateManagerProcess.start(
                ServiceJars.require("template-manager"),
                templateManagerPort,
                PipelineContract.nodeRpc(node),
                verifier.tcpAddress());
        gateway = Sv2GatewayProcess.start(
                ServiceJars.require("sv2-gateway"),
                templateManagerUrl.toString(),
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
                ServiceJars.require("test-miner"),
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
