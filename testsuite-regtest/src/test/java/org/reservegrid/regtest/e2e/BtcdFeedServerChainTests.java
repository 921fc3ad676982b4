package org.reservegrid.regtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.reservegrid.regtest.funds.CoinPurse;
import org.reservegrid.regtest.funds.FeeRateSpend;
import org.reservegrid.regtest.node.NodeInstallation;
import org.reservegrid.regtest.node.RegtestNode;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.process.PoolVerifierProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.ServiceProcess;
import org.reservegrid.testkit.process.TemplateManagerProcess;
import tools.jackson.databind.JsonNode;

/**
 * The relay path as shadow mode deploys it, every piece a real process: btcd (regtest) -> rg-feed-server (long
 * polling the node, authenticated WebSocket) -> rg-feed-adapter (bitcoind JSON-RPC from the feed) ->
 * template-manager -> pool-verifier. The verifier's verdicts must be on the node's own templates, judged with the
 * node's mempool (which rg-feed-server carries in each frame).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(900)
class BtcdFeedServerChainTests {
    private static final String FEED_TOKEN = "regtest-feed-token-0123456789";
    private static final String ADAPTER_USER = "reservegrid";
    private static final String ADAPTER_PASS = "adapter-password-5f2c";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration START = Duration.ofMinutes(5);

    private RegtestNode node;
    private CoinPurse purse;
    private ServiceProcess feedServer;
    private ServiceProcess adapter;
    private PoolVerifierProcess verifier;
    private TemplateManagerProcess templateManager;
    private final List<FeeRateSpend> inMempool = new ArrayList<>();

    @BeforeAll
    void startChain() {
        NodeInstallation installation = NodeInstallation.locate();
        Prerequisite.require("regtest node", installation.btcdMissing());
        node = RegtestNode.btcd(installation, new ECKey(new SecureRandom()));
        node.start();
        purse = new CoinPurse(node);
        purse.fund(10);

        int feedPort = FreePorts.loopback();
        feedServer = ServiceProcess.jar("rg-feed-server", ServiceJars.require("rg-feed-server"))
                .httpPort(feedPort)
                .environment(Map.of(
                        "VELDRA_FEED_SERVER_PORT", Integer.toString(feedPort),
                        "VELDRA_BITCOIND_RPC_URL", node.rpcUri().toString(),
                        "VELDRA_BITCOIND_RPC_USER", node.rpcUser(),
                        "VELDRA_BITCOIND_RPC_PASS", node.rpcPassword(),
                        "VELDRA_BITCOIND_RPC_TIMEOUT_SECS", "5",
                        "VELDRA_FEED_SERVER_REFRESH_SECS", "1",
                        "VELDRA_FEED_SERVER_TOKENS", FEED_TOKEN))
                .build();
        int adapterPort = FreePorts.loopback();
        adapter = ServiceProcess.jar("rg-feed-adapter", ServiceJars.require("rg-feed-adapter"))
                .httpPort(adapterPort)
                .environment(Map.of(
                        "VELDRA_FEED_ADAPTER_PORT",
                        Integer.toString(adapterPort),
                        "VELDRA_FEED_URL",
                        "ws://127.0.0.1:" + feedPort + "/ws",
                        "VELDRA_FEED_TOKEN",
                        FEED_TOKEN,
                        "VELDRA_BITCOIND_RPC_USER",
                        ADAPTER_USER,
                        "VELDRA_BITCOIND_RPC_PASS",
                        ADAPTER_PASS,
                        "VELDRA_FEED_CHAIN",
                        "regtest",
                        "VELDRA_FEED_LONGPOLL_TIMEOUT_SECS",
                        "5"))
                .build();
        feedServer.launch();
        adapter.launch();
        int templateManagerPort = FreePorts.loopback();
        verifier = PoolVerifierProcess.start(
                ServiceJars.require("pool-verifier"),
                PipelineContract.POLICY,
                URI.create("http://127.0.0.1:" + templateManagerPort));
        templateManager = TemplateManagerProcess.start(
                ServiceJars.require("template-manager"),
                templateManagerPort,
                new TemplateManagerProcess.NodeRpc(
                        URI.create("http://127.0.0.1:" + adapterPort), ADAPTER_USER, ADAPTER_PASS),
                verifier.tcpAddress());
        // Five JVMs start side by side on a shared 2-core machine: allow more than the launcher's default 2 minutes.
        feedServer.awaitHttp("/ready", result -> result.status() == 200, START);
        adapter.awaitHttp("/ready", result -> result.status() == 200, START);
        verifier.http().awaitHealthy();
        templateManager.http().awaitHealthy();
    }

    @AfterAll
    void stopAll() {
        for (AutoCloseable service : new AutoCloseable[] {templateManager, verifier, adapter, feedServer, node}) {
            if (service != null) {
                try {
                    service.close();
                } catch (Exception e) {
                    // Closing the rest matters more.
                }
            }
        }
    }

    @Test
    void theVerifierJudgesTheNodesTemplatesThatCameThroughTheFeedServerAndTheAdapter() {
        templateManager.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);
        verifier.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);

        // The same checks as the direct pipeline (PipelineContract): the verdicts judged exactly the spends in the
        // mempool, with the tier and outcome the policy gives them.
        PipelineContract.send(purse, inMempool, 10, 10);
        PipelineContract.assertVerdict(awaitVerdict(), inMempool, "lo", 1, null);

        PipelineContract.send(purse, inMempool, 10, 10);
        PipelineContract.assertVerdict(awaitVerdict(), inMempool, "mid", 2000, "avg_fee_below_minimum");

        // The relay counted what it did: frames from the node, one subscriber (the adapter), no refusals.
        String metrics = feedServer.get("/metrics").body();
        assertThat(PipelineContract.metric(metrics, "rg_feed_server_frames_total"))
                .isGreaterThanOrEqualTo(2);
        assertThat(PipelineContract.metric(metrics, "rg_feed_server_subscribers"))
                .isEqualTo(1);
        assertThat(PipelineContract.metric(metrics, "rg_feed_server_connections_refused_total"))
                .isZero();
    }

    /**
     * Moves the tip with an empty block (so the node rebuilds its template with the whole mempool and answers the
     * feed server's long poll) and waits for the verdict on that template judged with the live mempool size.
     */
    private JsonNode awaitVerdict() {
        return PipelineContract.awaitPipelineVerdict(node, verifier, inMempool, WAIT);
    }
}
