package org.reservegrid.regtest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.reservegrid.regtest.chain.AssembledBlock;
import org.reservegrid.regtest.chain.BlockAssembler;
import org.reservegrid.regtest.chain.BlockTemplate;
import org.reservegrid.regtest.funds.CoinPurse;
import org.reservegrid.regtest.funds.FeeRateSpend;
import org.reservegrid.regtest.node.NodeInstallation;
import org.reservegrid.regtest.node.RegtestNode;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.PoolVerifierProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.TemplateManagerProcess;
import tools.jackson.databind.JsonNode;

/**
 * ReserveGrid's services against one real regtest node: pool-verifier judging the node's own templates, and (with
 * template-manager in between) the whole template path, block submission and node-loss recovery.
 *
 * <p>The policy makes the fee tiers reachable with a handful of transactions: low up to 2 mempool transactions,
 * high from 6, minimum average fee 1 / 2000 / 5000 sat per tier. One node and one service set per class; the
 * methods run in order on the chain the previous ones left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
abstract class PipelineContract {
    static final String POLICY = """
            [policy]
            protocol_version = 2
            low_mempool_tx = 2
            high_mempool_tx = 6
            min_avg_fee_lo = 1
            min_avg_fee_mid = 2000
            min_avg_fee_hi = 5000
            max_template_age_secs = 600
            coinbase_reserved_weight = 4000
            """;
    static final long COINBASE_RESERVED_WEIGHT = 4000;
    static final Duration WAIT = Duration.ofSeconds(45);

    RegtestNode node;
    CoinPurse purse;
    PoolVerifierProcess verifier;
    TemplateManagerProcess templateManager;
    final List<FeeRateSpend> inMempool = new ArrayList<>();
    private int templateManagerPort;

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
        purse = new CoinPurse(node);
        purse.fund(20);
        templateManagerPort = FreePorts.loopback();
        verifier = PoolVerifierProcess.start(
                ServiceJars.require("pool-verifier"), POLICY, URI.create("http://127.0.0.1:" + templateManagerPort));
        templateManager = TemplateManagerProcess.start(
                ServiceJars.require("template-manager"),
                templateManagerPort,
                PipelineContract.nodeRpc(node),
                verifier.tcpAddress());
        verifier.http().awaitHealthy();
        templateManager.http().awaitHealthy();
    }

    @AfterAll
    void stopAll() {
        if (templateManager != null) {
            templateManager.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void verifierJudgesTheNodesOwnTemplatesWithTheFeeTierOfItsMempool() {
        JsonNode empty = evaluateNodeTemplate();
        assertThat(empty.path("accepted").asBoolean()).isFalse();
        assertThat(empty.path("reason_code").asString()).isEqualTo("empty_template_rejected");
        assertThat(empty.path("context").path("tier").asString()).isEqualTo("lo");

        send(10, 10);
        assertVerdict(evaluateNodeTemplate(), "lo", 1, null);

        send(10, 10);
        assertVerdict(evaluateNodeTemplate(), "mid", 2000, "avg_fee_below_minimum");

        send(100, 100);
        assertVerdict(evaluateNodeTemplate(), "hi", 5000, "avg_fee_below_minimum");

        send(200, 200);
        assertVerdict(evaluateNodeTemplate(), "hi", 5000, null);

        node.mine(1);
        inMempool.clear();
        assertThat(node.mempoolTxids()).isEmpty();
    }

    @Test
    @Order(2)
    void templatesFlowThroughTemplateManagerAndAreJudgedWithTheLiveMempoolTier() {
        templateManager.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);
        verifier.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);

        send(10, 10);
        assertVerdict(awaitPipelineVerdict(), "lo", 1, null);

        send(10, 10);
        assertVerdict(awaitPipelineVerdict(), "mid", 2000, "avg_fee_below_minimum");

        send(100, 100);
        assertVerdict(awaitPipelineVerdict(), "hi", 5000, "avg_fee_below_minimum");

        send(200, 200);
        JsonNode accepted = awaitPipelineVerdict();
        assertVerdict(accepted, "hi", 5000, null);

        JsonNode listed = awaitTemplateManagerTemplate(
                accepted.path("template").path("prev_hash").asString());
        assertThat(listed.path("tx_count").asInt()).isEqualTo(inMempool.size());
        assertThat(listed.path("total_fees").asLong())
                .isEqualTo(inMempool.stream().mapToLong(FeeRateSpend::fee).sum());
        JsonNode mempool = templateManager.http().get("/api/mempool").json();
        assertThat(mempool.path("size").asInt()).isEqualTo(inMempool.size());
    }

    @Test
    @Order(3)
    void blockBuiltFromTemplateManagersTemplateIsSubmittedThroughItAndMovesTheTip() {
        int before = node.height();
        String tip = node.bestBlockHash();
        JsonNode latest = templateManager
                .http()
                .awaitHttp(
                        "/api/templates/latest",
                        result -> result.status() == 200
                                && result.json()
                                        .path("template")
                                        .path("prev_hash")
                                        .asString()
                                        .equals(tip)
                                && result.json()
                                                .path("template")
                                                .path("tx_count")
                                                .asInt()
                                        == inMempool.size(),
                        WAIT)
                .json()
                .path("template");
        BlockTemplate template = BlockTemplate.fromTemplateManager(latest);
        assertThat(template.transactions()).hasSize(inMempool.size());

        AssembledBlock block = BlockAssembler.assemble(
                        template, node.payoutScript().program(), 99)
                .solve();
        HttpResult submitted = templateManager
                .http()
                .post(
                        "/api/submit-block",
                        "application/json",
                        "{\"hex\":\"" + HexFormat.of().formatHex(block.serialize()) + "\"}");

        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        assertThat(submitted.json().path("accepted").asBoolean())
                .as(submitted.body())
                .isTrue();
        assertThat(node.height()).isEqualTo(before + 1);
        assertThat(node.bestBlockHash()).isEqualTo(block.hash());
        assertThat(node.mempoolTxids()).isEmpty();
        inMempool.clear();
        templateManager
                .http()
                .awaitHttp(
                        "/api/templates/latest",
                        result -> result.status() == 200
                                && result.json()
                                        .path("template")
                                        .path("prev_hash")
                                        .asString()
                                        .equals(block.hash()),
                        WAIT);

        HttpResult again = templateManager
                .http()
                .post(
                        "/api/submit-block",
                        "application/json",
                        "{\"hex\":\"" + HexFormat.of().formatHex(block.serialize()) + "\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("accepted").asBoolean()).as(again.body()).isFalse();
        // btcd answers "rejected: already have block <hash>", bcoin "rejected: duplicate": both are a known block.
        assertThat(again.json().path("result").asString()).as(again.body()).isEqualTo("duplicate");
        assertThat(again.json().path("reason").asString()).containsAnyOf("already have block", "duplicate");
        assertThat(node.height()).isEqualTo(before + 1);
    }

    @Test
    @Order(4)
    void nodeKilledMidRunMakesTemplateManagerNotReadyUntilItReturns() {
        templateManager.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);
        double errorsBefore = metric(templateManager.http().get("/metrics").body(), "rg_template_errors_total");

        node.kill();

        HttpResult notReady = templateManager.http().awaitHttp("/ready", result -> result.status() == 503, WAIT);
        assertThat(notReady.json().path("ready").asBoolean()).isFalse();
        assertThat(notReady.json().path("checks").path("node").path("up").asBoolean())
                .isFalse();
        assertThat(notReady.json().path("reasons").toString()).contains("node_unreachable");
        HttpResult mempool = templateManager.http().get("/api/mempool");
        assertThat(mempool.status()).as(mempool.body()).isGreaterThanOrEqualTo(500);
        // It keeps retrying the node while it is gone: its error counter grows and its node gauge reads 0.
        HttpResult retrying = templateManager
                .http()
                .awaitHttp(
                        "/metrics",
                        result -> metric(result.body(), "rg_template_errors_total") >= errorsBefore + 3,
                        WAIT);
        assertThat(metric(retrying.body(), "rg_template_node_up")).isZero();

        node.restart();

        HttpResult ready = templateManager.http().awaitHttp("/ready", result -> result.status() == 200, WAIT);
        assertThat(ready.json().path("checks").path("node").path("up").asBoolean())
                .isTrue();
        String tip = node.bestBlockHash();
        JsonNode latest = templateManager
                .http()
                .awaitHttp(
                        "/api/templates/latest",
                        result -> result.status() == 200
                                && result.json()
                                        .path("template")
                                        .path("prev_hash")
                                        .asString()
                                        .equals(tip),
                        WAIT)
                .json()
                .path("template");
        assertThat(latest.path("height").asInt()).isEqualTo(node.height() + 1);
        assertThat(templateManager.http().get("/api/mempool").status()).isEqualTo(200);
    }

    /**
     * Moves the tip with an empty block (so the node rebuilds its template with the whole mempool) and waits for the
     * verifier's record of that template judged with the live mempool size.
     */
    JsonNode awaitPipelineVerdict() {
        return awaitPipelineVerdict(node, verifier, inMempool, WAIT);
    }

    /**
     * {@link #awaitPipelineVerdict()} for any chain that ends in this node's templates reaching {@code verifier}
     * (directly through template-manager, or through rg-feed-server and rg-feed-adapter first).
     */
    static JsonNode awaitPipelineVerdict(
            RegtestNode node, PoolVerifierProcess verifier, List<FeeRateSpend> inMempool, Duration wait) {
        node.advanceTipKeepingMempool();
        int height = node.height() + 1;
        String tip = node.bestBlockHash();
        HttpResult page = verifier.http()
                .awaitHttp(
                        "/api/verdicts?limit=20",
                        result -> result.status() == 200 && matching(result.json(), height, tip, inMempool) != null,
                        wait);
        return matching(page.json(), height, tip, inMempool);
    }

    private static JsonNode matching(JsonNode page, int height, String tip, List<FeeRateSpend> inMempool) {
        for (JsonNode verdict : page.path("verdicts")) {
            JsonNode context = verdict.path("context");
            if (verdict.path("template").path("height").asInt() == height
                    && verdict.path("template").path("prev_hash").asString().equals(tip)
                    && context.path("measured").path("tx_count").asInt() == inMempool.size()
                    && context.path("mempool_tx_count").asInt() == inMempool.size()) {
                return verdict;
            }
        }
        return null;
    }

    private JsonNode awaitTemplateManagerTemplate(String prevHash) {
        HttpResult page = templateManager
                .http()
                .awaitHttp(
                        "/api/templates",
                        result -> result.status() == 200 && listedWith(result.json(), prevHash) != null,
                        WAIT);
        return listedWith(page.json(), prevHash);
    }

    private JsonNode listedWith(JsonNode page, String prevHash) {
        JsonNode templates = page.isArray() ? page : page.path("templates");
        for (JsonNode template : templates) {
            if (template.path("prev_hash").asString().equals(prevHash)
                    && template.path("tx_count").asInt() == inMempool.size()) {
                return template;
            }
        }
        return null;
    }

    /** Sum of every sample of a Prometheus metric (all label sets) in a {@code /metrics} text. */
    static double metric(String prometheusText, String name) {
        double sum = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Relays one spend per given fee rate (sat/vB). */
    void send(long... feeRates) {
        send(purse, inMempool, feeRates);
    }

    /** Relays one spend per given fee rate (sat/vB) from {@code purse} and notes each in {@code inMempool}. */
    static void send(CoinPurse purse, List<FeeRateSpend> inMempool, long... feeRates) {
        for (long rate : feeRates) {
            inMempool.add(purse.sendAtFeeRate(rate));
        }
    }

    /**
     * The node's template for its current mempool (the tip is moved by an empty block first, so the node rebuilds
     * its cached template), judged by the verifier's dry run with the node's real mempool size.
     */
    JsonNode evaluateNodeTemplate() {
        node.advanceTipKeepingMempool();
        int mempoolSize = node.mempoolTxids().size();
        HttpResult result = verifier.http()
                .post(
                        "/api/evaluate?mempool_tx=" + mempoolSize,
                        "application/json",
                        node.blockTemplate().toString());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode verdict = result.json();
        assertThat(verdict.path("context").path("mempool_tx_count").asLong()).isEqualTo(mempoolSize);
        return verdict;
    }

    /**
     * Asserts the verdict judged exactly the spends in the mempool: their count, fee sum and weight, the expected tier
     * and its minimum average fee, and the expected outcome ({@code null} reason: accepted).
     */
    void assertVerdict(JsonNode verdict, String tier, long minAvgFee, String reason) {
        assertVerdict(verdict, inMempool, tier, minAvgFee, reason);
    }

    /** {@link #assertVerdict(JsonNode, String, long, String)} against the spends in {@code inMempool}. */
    static void assertVerdict(
            JsonNode verdict, List<FeeRateSpend> inMempool, String tier, long minAvgFee, String reason) {
        JsonNode context = verdict.path("context");
        JsonNode measured = context.path("measured");
        long fees = inMempool.stream().mapToLong(FeeRateSpend::fee).sum();
        long weights = inMempool.stream().mapToLong(FeeRateSpend::weight).sum();
        assertThat(measured.path("tx_count").asLong()).as(verdict.toString()).isEqualTo(inMempool.size());
        assertThat(measured.path("total_fees").asLong()).as(verdict.toString()).isEqualTo(fees);
        assertThat(measured.path("weight").asLong())
                .as("transaction weights + reserved weight (header, tx count and coinbase)")
                .isEqualTo(weights + COINBASE_RESERVED_WEIGHT);
        assertThat(context.path("tier").asString()).as(verdict.toString()).isEqualTo(tier);
        assertThat(context.path("thresholds").path("min_avg_fee").asLong()).isEqualTo(minAvgFee);
        if (reason == null) {
            assertThat(verdict.path("accepted").asBoolean())
                    .as(verdict.toString())
                    .isTrue();
        } else {
            assertThat(verdict.path("accepted").asBoolean())
                    .as(verdict.toString())
                    .isFalse();
            assertThat(verdict.path("reason_code").asString()).isEqualTo(reason);
        }
    }

    static TemplateManagerProcess.NodeRpc nodeRpc(RegtestNode node) {
        return new TemplateManagerProcess.NodeRpc(node.rpcUri(), node.rpcUser(), node.rpcPassword());
    }
}
