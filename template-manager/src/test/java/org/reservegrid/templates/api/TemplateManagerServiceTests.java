package org.reservegrid.templates.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.noderpc.testing.FakeNode;
import org.reservegrid.noderpc.testing.FakeNode.Answer;
import org.reservegrid.noderpc.testing.NodeShapes;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.TemplateManagerApplication;
import org.reservegrid.templates.support.SseClient;
import org.reservegrid.templates.support.StubVerifier;
import org.reservegrid.testkit.Await;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The service as it runs: the real application on a random port, a real JSON-RPC node (FakeNode) and a real
 * verifier TCP server (StubVerifier) on loopback, a real ZMQ publisher, and plain HTTP clients.
 */
class TemplateManagerServiceTests {
    private static final JsonMapper MAPPER = new JsonMapper();
    private static final String PASSWORD = "rpc-pass-never-shown";
    private static final ObjectNode BASE = SharedFixtures.gbt("core-regtest-h506-4tx.json");
    private static final AtomicLong COUNTER = new AtomicLong();

    private static FakeNode node;
    private static StubVerifier verifier;
    private static ZContext zmq;
    private static ZMQ.Socket publisher;
    private static ConfigurableApplicationContext app;
    private static String base;
    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startEverything() {
        node = new FakeNode(fresh(BASE)).requireCredentials("pool", PASSWORD).start();
        verifier = new StubVerifier().start();
        zmq = new ZContext();
        publisher = zmq.createSocket(SocketType.PUB);
        int zmqPort = publisher.bindToRandomPort("tcp://127.0.0.1");
        Map<String, String> env = new HashMap<>();
        env.put("VELDRA_TEMPLATE_MANAGER_HTTP_PORT", "0");
        env.put("VELDRA_BITCOIND_RPC_URL", node.url());
        env.put("VELDRA_BITCOIND_RPC_USER", "pool");
        env.put("VELDRA_BITCOIND_RPC_PASS", PASSWORD);
        env.put("VELDRA_BITCOIND_ZMQ", "tcp://127.0.0.1:" + zmqPort);
        env.put("VELDRA_TEMPLATE_POLL_SECS", "0.2");
        env.put("VELDRA_TEMPLATE_LONGPOLL", "false");
        env.put("VELDRA_TEMPLATE_REFRESH_SECS", "3600");
        env.put("VELDRA_VERIFIER_ADDR", verifier.address());
        env.put("VELDRA_LOG_FILTER", "info");
        app = TemplateManagerApplication.application()
                .properties(new HashMap<String, Object>(env))
                .run();
        int port = ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopEverything() {
        if (app != null) {
            app.close();
        }
        publisher.close();
        zmq.close();
        verifier.close();
        node.close();
    }

    @BeforeEach
    void reset() {
        node.start();
        node.serveTemplates();
        node.on("submitblock", call -> Answer.result(JsonNodeFactory.instance.nullNode()));
        node.mempool(SharedFixtures.coreMempoolInfo());
        node.longPollHold(30_000);
        verifier.mode(StubVerifier.Mode.ACCEPT);
        verifier.start();
        Response settings = put(
                "/api/settings",
                "{\"rpc_url\": \"" + node.url() + "\", \"rpc_user\": \"pool\","
                        + " \"rpc_pass\": \"" + PASSWORD + "\", \"poll_interval_secs\": 0.2, \"longpoll\": false,"
                        + " \"rpc_timeout_secs\": 2, \"verdict_timeout_secs\": 1}");
        assertThat(settings.status()).isEqualTo(200);
        Await.until("ready", () -> get("/ready").status() == 200);
        verifier.clearProposals();
    }

    /** A copy of {@code template} that is new work: a different coinbase value and long-poll id. */
    private static ObjectNode fresh(ObjectNode template) {
        long n = COUNTER.incrementAndGet();
        ObjectNode copy = template.deepCopy();
        copy.put("coinbasevalue", BASE.get("coinbasevalue").asLong() + n);
        copy.put("longpollid", "lp-" + n);
        return copy;
    }

    private static long coinbase(ObjectNode template) {
        return template.get("coinbasevalue").asLong();
    }

    @Test
    void eachTemplateIsProposedAndItsVerdictFollowsItOnTheStream() throws Exception {
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            ObjectNode template = fresh(BASE);
            node.template(template);

            JsonNode event =
                    nextTemplate(stream, body -> body.get("coinbase_value").asLong() == coinbase(template));
            long sequence = event.get("sequence").asLong();
            SseClient.Event verdict = stream.next(30);

            assertThat(verdict).isNotNull();
            assertThat(verdict.name()).isEqualTo("verdict");
            assertThat(verdict.id()).isEqualTo(sequence + "-v");
            JsonNode verdictBody = MAPPER.readTree(verdict.data());
            assertThat(verdictBody.get("sequence").asLong()).isEqualTo(sequence);
            assertThat(verdictBody.get("outcome").asString()).isEqualTo("accepted");
            assertThat(verdictBody.get("context").get("policy_hash").asString()).isEqualTo("stub-policy");
            assertThat(verdictBody.get("verdict_latency_ms").asDouble()).isPositive();

            TemplatePropose proposed = proposalWithCoinbase(coinbase(template));
            assertThat(proposed.prevHash())
                    .isEqualTo(template.get("previousblockhash").asString());
            assertThat(proposed.height()).isEqualTo(506);
            assertThat(proposed.transactions().size()).isEqualTo(4);
            assertThat(proposed.protocolVersion()).isEqualTo(2);
            assertThat(proposed.coinbaseSigops()).isEqualTo(400);
            assertThat(proposed.bits()).isEqualTo(0x207fffff);
            assertThat(verdictBody.get("request_id").asLong()).isEqualTo(proposed.requestId());

            assertThat(event.get("received_at").asLong()).isPositive();
            assertThat(event.get("transactions").get(0).get("data").asString())
                    .isEqualTo(template.get("transactions").get(0).get("data").asString());

            JsonNode latest = get("/api/templates/latest").body();
            assertThat(latest.get("template").get("sequence").asLong()).isEqualTo(sequence);
            assertThat(latest.get("verdict").get("outcome").asString()).isEqualTo("accepted");
            JsonNode list = get("/api/templates?limit=5").body();
            assertThat(list.get("templates").get(0).get("sequence").asLong()).isEqualTo(sequence);
            assertThat(list.get("templates")
                            .get(0)
                            .get("verdict")
                            .get("outcome")
                            .asString())
                    .isEqualTo("accepted");
            assertThat(get("/api/templates/" + sequence).status()).isEqualTo(200);
        }
    }

    @Test
    void aTemplatesDiffNamesTheTransactionsThatCameAndWentSinceThePreviousTemplate() throws Exception {
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            ObjectNode before = fresh(BASE);
            node.template(before);
            long beforeSequence = nextTemplate(
                            stream, body -> body.get("coinbase_value").asLong() == coinbase(before))
                    .get("sequence")
                    .asLong();
            ObjectNode after = fresh(before);
            ArrayNode transactions = (ArrayNode) after.get("transactions");
            String leaving = transactions.remove(0).get("txid").asString();
            ObjectNode arriving = ((ObjectNode) transactions.get(0)).deepCopy();
            arriving.put("txid", "ab".repeat(32));
            arriving.put("hash", "cd".repeat(32));
            arriving.put("fee", 9_000);
            arriving.put("weight", 700);
            transactions.add(arriving);
            node.template(after);
            long afterSequence = nextTemplate(
                            stream, body -> body.get("coinbase_value").asLong() == coinbase(after))
                    .get("sequence")
                    .asLong();

            Response diff = get("/api/templates/" + afterSequence + "/diff");
            Response capped = get("/api/templates/" + afterSequence + "/diff?limit=0");

            assertThat(diff.status()).isEqualTo(200);
            JsonNode body = diff.body();
            assertThat(body.propertyNames())
                    .containsExactly(
                            "sequence",
                            "previous_sequence",
                            "height",
                            "previous_height",
                            "tx_count_delta",
                            "fee_delta",
                            "weight_delta",
                            "added_count",
                            "removed_count",
                            "added",
                            "removed");
            assertThat(body.get("sequence").asLong()).isEqualTo(afterSequence);
            assertThat(body.get("previous_sequence").asLong()).isEqualTo(beforeSequence);
            assertThat(body.get("height").asLong()).isEqualTo(506);
            assertThat(body.get("previous_height").asLong()).isEqualTo(506);
            assertThat(body.get("tx_count_delta").asLong()).isZero();
            assertThat(body.get("fee_delta").asLong()).isEqualTo(9_000 - 2_820);
            assertThat(body.get("weight_delta").asLong()).isEqualTo(700 - 561);
            assertThat(body.get("added").toString())
                    .isEqualTo("[{\"txid\":\"" + "ab".repeat(32) + "\",\"fee\":9000,\"weight\":700}]");
            assertThat(body.get("removed").toString())
                    .isEqualTo("[{\"txid\":\"" + leaving + "\",\"fee\":2820,\"weight\":561}]");
            assertThat(capped.body().get("added_count").asInt()).isEqualTo(1);
            assertThat(capped.body().get("added")).isEmpty();
            assertThat(capped.body().get("removed")).isEmpty();
            JsonNode retained = get("/api/templates?limit=10000").body().get("templates");
            long oldest = retained.get(retained.size() - 1).get("sequence").asLong();
            JsonNode first = get("/api/templates/" + oldest + "/diff").body();
            assertThat(first.get("previous_sequence").isNull()).isTrue();
            assertThat(first.get("fee_delta").isNull()).isTrue();
            assertThat(first.get("added")).isEmpty();
            assertThat(get("/api/templates/" + (afterSequence + 1000) + "/diff")
                            .body()
                            .get("error")
                            .asString())
                    .isEqualTo("not_found");
        }
    }

    @Test
    void templatesStreamInSequenceOrderAndEveryVerdictComesAfterItsTemplate() throws Exception {
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            List<Long> coinbases = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ObjectNode template = fresh(BASE);
                coinbases.add(coinbase(template));
                node.template(template);
                proposalWithCoinbase(coinbase(template));
            }

            List<SseClient.Event> events = new ArrayList<>();
            List<Long> templateSequences = new ArrayList<>();
            List<Long> verdictSequences = new ArrayList<>();
            while (verdictSequences.size() < 3 || templateSequences.size() < 3) {
                SseClient.Event event = stream.next(30);
                assertThat(event).as("stream event").isNotNull();
                JsonNode body = MAPPER.readTree(event.data());
                if (event.name().equals("template")
                        && coinbases.contains(body.get("coinbase_value").asLong())) {
                    templateSequences.add(body.get("sequence").asLong());
                    events.add(event);
                } else if (event.name().equals("verdict")
                        && templateSequences.contains(body.get("sequence").asLong())) {
                    assertThat(templateSequences).contains(body.get("sequence").asLong());
                    verdictSequences.add(body.get("sequence").asLong());
                    events.add(event);
                }
            }
            assertThat(templateSequences).isSorted().doesNotHaveDuplicates();
            assertThat(verdictSequences).containsExactlyInAnyOrderElementsOf(templateSequences);
        }
    }

    @Test
    void aLateSubscriberResumesFromItsLastEventId() throws Exception {
        ObjectNode first = fresh(BASE);
        node.template(first);
        long firstSequence;
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            firstSequence = nextTemplate(
                            stream, body -> body.get("coinbase_value").asLong() == coinbase(first))
                    .get("sequence")
                    .asLong();
        }
        ObjectNode second = fresh(BASE);
        node.template(second);
        proposalWithCoinbase(coinbase(second));

        try (SseClient resumed = new SseClient(base + "/api/templates/stream", firstSequence + "-v")) {
            SseClient.Event event = resumed.next(30);
            assertThat(event).isNotNull();
            assertThat(event.name()).isEqualTo("template");
            assertThat(Long.parseLong(event.id())).isGreaterThan(firstSequence);
        }
    }

    @Test
    void theSummaryViewStreamsEachTemplateAsItsListRowWithoutTransactions() throws Exception {
        try (SseClient summary = new SseClient(base + "/api/templates/stream?view=summary", null)) {
            ObjectNode template = fresh(BASE);
            node.template(template);
            JsonNode row =
                    nextTemplate(summary, body -> body.get("coinbase_value").asLong() == coinbase(template));
            assertThat(row.has("transactions")).isFalse();
            assertThat(row.get("tx_count").asInt())
                    .isEqualTo(template.get("transactions").size());
            assertThat(row.get("height").asLong())
                    .isEqualTo(template.get("height").asLong());
            JsonNode whole =
                    get("/api/templates/" + row.get("sequence").asLong()).body().get("template");
            assertThat(row.get("total_fees").asLong())
                    .isEqualTo(whole.get("total_fees").asLong());
            assertThat(row.get("prev_hash").asString())
                    .isEqualTo(whole.get("prev_hash").asString());
            JsonNode verdict = nextVerdict(summary, row.get("sequence").asLong());
            assertThat(verdict.get("sequence").asLong())
                    .isEqualTo(row.get("sequence").asLong());
        }
        Response unknownView = get("/api/templates/stream?view=compact");
        assertThat(unknownView.status()).isEqualTo(400);
        assertThat(unknownView.body().get("error").asString()).isEqualTo("invalid_parameter");
    }

    @Test
    void rejectionsAndTimeoutsAreStreamedAsVerdicts() throws Exception {
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            verifier.rejectWith(List.of(VerdictReason.AVG_FEE_BELOW_MINIMUM, VerdictReason.TEMPLATE_TOO_OLD));
            ObjectNode rejected = fresh(BASE);
            node.template(rejected);
            long rejectedSequence = nextTemplate(
                            stream, body -> body.get("coinbase_value").asLong() == coinbase(rejected))
                    .get("sequence")
                    .asLong();
            JsonNode rejection = nextVerdict(stream, rejectedSequence);
            assertThat(rejection.get("outcome").asString()).isEqualTo("rejected");
            assertThat(rejection.get("accepted").asBoolean()).isFalse();
            assertThat(rejection.get("reason_code").asString()).isEqualTo("avg_fee_below_minimum");
            assertThat(rejection.get("reasons"))
                    .extracting(JsonNode::asString)
                    .containsExactly("avg_fee_below_minimum", "template_too_old");

            double timeoutsBefore = errorCount("verdict_timeout");
            verifier.mode(StubVerifier.Mode.SILENT);
            ObjectNode ignored = fresh(BASE);
            node.template(ignored);
            long ignoredSequence = nextTemplate(
                            stream, body -> body.get("coinbase_value").asLong() == coinbase(ignored))
                    .get("sequence")
                    .asLong();
            JsonNode timeout = nextVerdict(stream, ignoredSequence);
            assertThat(timeout.get("outcome").asString()).isEqualTo("timeout");
            assertThat(errorCount("verdict_timeout")).isGreaterThan(timeoutsBefore);
        }
    }

    @Test
    void readinessFollowsTheNodeAndTheVerifierAndRecovers() throws Exception {
        verifier.stop();
        Await.until("not ready without the verifier", () -> get("/ready").status() == 503);
        assertThat(get("/ready").body().get("reasons").get(0).asString()).startsWith("verifier_unreachable");
        verifier.start();
        Await.until("ready again", () -> get("/ready").status() == 200);

        node.stop();
        // A long poll in flight when the node stops ends as node_io_error; the next call is refused outright.
        Await.until(
                "not ready, the node refusing connections",
                () -> get("/ready")
                        .body()
                        .path("reasons")
                        .path(0)
                        .asString("")
                        .startsWith("node_unreachable: node_connection_refused"));
        JsonNode ready = get("/ready").body();
        assertThat(ready.get("ready").asBoolean()).isFalse();
        assertThat(ready.get("reasons").get(0).asString()).startsWith("node_unreachable: node_connection_refused");
        assertThat(ready.at("/checks/node/status").asString()).isEqualTo("down");
        assertThat(ready.at("/checks/node/up").asBoolean()).isFalse();
        assertThat(ready.at("/checks/verifier/status").asString()).isEqualTo("up");
        assertThat(ready.at("/checks/verifier/connected").asBoolean()).isTrue();
        assertThat(get("/health").status()).isEqualTo(200);

        node.start();
        Await.until("ready after the node came back", () -> get("/ready").status() == 200);
        ObjectNode afterRecovery = fresh(BASE);
        node.template(afterRecovery);
        // The node's new template reaches the verifier again: this template, on its tip and at its height.
        TemplatePropose recovered = proposalWithCoinbase(coinbase(afterRecovery));
        assertThat(recovered.prevHash())
                .isEqualTo(afterRecovery.get("previousblockhash").asString());
        assertThat(recovered.height()).isEqualTo(afterRecovery.get("height").asLong());
        assertThat(recovered.transactions().size())
                .isEqualTo(afterRecovery.get("transactions").size());
    }

    @Test
    void badNodeAnswersAreCountedByKindAndTheServiceKeepsRunning() throws Exception {
        Map<String, Answer> answers = Map.of(
                "node_malformed_response", Answer.http(200, "{\"result\": {"),
                "node_rpc_error", Answer.rpcError(-10, "Bitcoin Core is in initial sync"),
                "node_http_error", Answer.http(500, "<html>oops</html>"),
                "node_timeout", Answer.result(BASE).delayed(4_000));
        for (Map.Entry<String, Answer> answer : answers.entrySet()) {
            double before = errorCount(answer.getKey());
            node.on("getblocktemplate", call -> answer.getValue());
            Await.until(answer.getKey() + " counted", () -> errorCount(answer.getKey()) > before);
            Await.until("not ready on " + answer.getKey(), () -> get("/ready").status() == 503);
            assertThat(get("/health").status()).isEqualTo(200);
            node.serveTemplates();
            Await.until("ready after " + answer.getKey(), () -> get("/ready").status() == 200);
        }

        double unauthorized = errorCount("node_unauthorized");
        assertThat(put("/api/settings", "{\"rpc_pass\": \"wrong\"}").status()).isEqualTo(200);
        Await.until("401 counted", () -> errorCount("node_unauthorized") > unauthorized);
        assertThat(get("/ready").body().toString())
                .contains("node_unauthorized")
                .doesNotContain("wrong\"")
                .doesNotContain(PASSWORD);
    }

    @Test
    void submitBlockRelaysTheNodesAnswer() {
        String block = "00".repeat(81);
        assertThat(post("/api/submit-block", "{\"hex\": \"" + block + "\"}")
                        .body()
                        .get("result")
                        .asString())
                .isEqualTo("accepted");
        assertThat(node.calls().stream()
                        .filter(call -> call.method().equals("submitblock"))
                        .toList()
                        .getLast()
                        .params()
                        .get(0)
                        .asString())
                .isEqualTo(block);

        node.on("submitblock", call -> Answer.result(JsonNodeFactory.instance.stringNode("high-hash")));
        Response rejected = post("/api/submit-block", "{\"hex\": \"" + block + "\"}");
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.body().get("result").asString()).isEqualTo("rejected");
        assertThat(rejected.body().get("accepted").asBoolean()).isFalse();
        assertThat(rejected.body().get("reason").asString()).isEqualTo("high-hash");

        node.on("submitblock", call -> Answer.result(JsonNodeFactory.instance.stringNode("duplicate")));
        assertThat(post("/api/submit-block", "{\"hex\": \"" + block + "\"}")
                        .body()
                        .get("result")
                        .asString())
                .isEqualTo("duplicate");

        node.on(
                "submitblock",
                call -> Answer.result(JsonNodeFactory.instance.stringNode("rejected: already have block 00")));
        assertThat(post("/api/submit-block", "{\"hex\": \"" + block + "\"}")
                        .body()
                        .get("result")
                        .asString())
                .isEqualTo("duplicate");

        node.on("submitblock", call -> Answer.rpcError(-22, "Block decode failed"));
        Response undecodable = post("/api/submit-block", "{\"hex\": \"" + block + "\"}");
        assertThat(undecodable.body().get("result").asString()).isEqualTo("rejected");
        assertThat(undecodable.body().get("reason").asString()).isEqualTo("-22 Block decode failed");

        for (String malformed : List.of(
                "not json",
                "{}",
                "{\"hex\": 5}",
                "{\"hex\": \"abc\"}",
                "{\"hex\": \"zz" + block + "\"}",
                "{\"hex\": \"00\"}",
                "")) {
            Response response = post("/api/submit-block", malformed);
            assertThat(response.status()).as(malformed).isEqualTo(400);
            assertThat(response.body().get("error").asString()).as(malformed).startsWith("malformed_");
        }

        node.stop();
        Response unreachable = post("/api/submit-block", "{\"hex\": \"" + block + "\"}");
        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.body().get("kind").asString()).isEqualTo("node_connection_refused");
    }

    @Test
    void theMempoolEndpointServesTheNodesStatisticsInEveryShape() {
        JsonNode core = get("/api/mempool").body();
        assertThat(core.get("size").asLong()).isEqualTo(112_686);
        assertThat(core.get("bytes").asLong()).isEqualTo(175_691_391);
        assertThat(core.get("usage").asLong()).isEqualTo(856_780_672L);
        assertThat(core.get("total_fee").asLong()).isEqualTo(510_536_864L);
        assertThat(core.get("fetched_at").asLong()).isPositive();

        node.mempool(NodeShapes.btcdMempool(SharedFixtures.coreMempoolInfo()));
        JsonNode btcd = get("/api/mempool").body();
        assertThat(btcd.get("size").asLong()).isEqualTo(112_686);
        assertThat(btcd.get("usage").isNull()).isTrue();
        assertThat(btcd.get("total_fee").isNull()).isTrue();

        node.stop();
        assertThat(get("/api/mempool").status()).isEqualTo(502);
    }

    @Test
    void btcdAndBcoinShapedTemplatesFlowThroughTheWholePipeline() throws Exception {
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            ObjectNode core = fresh(SharedFixtures.gbt("core-signet-h956-4tx.json"));
            ObjectNode btcd = NodeShapes.btcd(core);
            node.template(btcd);
            JsonNode event =
                    nextTemplate(stream, body -> body.get("coinbase_value").asLong() == coinbase(core));
            assertThat(event.get("rules_reported").asBoolean()).isFalse();
            assertThat(event.get("default_witness_commitment").get("form").asString())
                    .isEqualTo("bare_hash");
            assertThat(event.get("default_witness_commitment").get("script").asString())
                    .isEqualTo(core.get("default_witness_commitment").asString());
            assertThat(event.get("transactions").get(1).get("hash").asString())
                    .isEqualTo(core.get("transactions").get(1).get("hash").asString());
            assertThat(nextVerdict(stream, event.get("sequence").asLong())
                            .get("outcome")
                            .asString())
                    .isEqualTo("accepted");

            ObjectNode bcoin = NodeShapes.bcoin(fresh(BASE));
            node.template(bcoin);
            JsonNode bcoinEvent =
                    nextTemplate(stream, body -> body.get("coinbase_value").asLong() == coinbase(bcoin));
            assertThat(nextVerdict(stream, bcoinEvent.get("sequence").asLong())
                            .get("outcome")
                            .asString())
                    .isEqualTo("accepted");
        }
    }

    @Test
    void aLongPollDeliversANewTemplateWithoutWaitingForThePoll() throws Exception {
        node.longPollHold(30_000);
        assertThat(put("/api/settings", "{\"poll_interval_secs\": 3600, \"longpoll\": true}")
                        .status())
                .isEqualTo(200);
        Await.until(
                "a long poll is open",
                () -> node.calls().stream()
                        .anyMatch(call -> call.method().equals("getblocktemplate")
                                && call.params().path(0).has("longpollid")));
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            ObjectNode template = fresh(BASE);
            node.template(template);

            JsonNode event =
                    nextTemplate(stream, body -> body.get("coinbase_value").asLong() == coinbase(template));
            assertThat(event.get("source").asString()).isEqualTo("longpoll");
        }
    }

    @Test
    void aZmqHashblockFetchesAtOnceInsteadOfAtTheNextPoll() throws Exception {
        assertThat(put("/api/settings", "{\"poll_interval_secs\": 3600}").status())
                .isEqualTo(200);
        try (SseClient stream = new SseClient(base + "/api/templates/stream", null)) {
            ObjectNode template = fresh(BASE);
            node.template(template);
            // A SUB socket may join after a message was sent, so keep announcing until the template shows up.
            Thread announcer = Thread.ofVirtual().start(() -> {
                byte[] hash = new byte[32];
                while (!Thread.currentThread().isInterrupted()) {
                    synchronized (publisher) {
                        publisher.sendMore("hashblock");
                        publisher.sendMore(hash);
                        publisher.send(new byte[] {1, 0, 0, 0});
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                JsonNode event =
                        nextTemplate(stream, body -> body.get("coinbase_value").asLong() == coinbase(template));
                assertThat(event.get("sequence").asLong()).isPositive();
            } finally {
                announcer.interrupt();
                announcer.join();
            }
        }
    }

    @Test
    void settingsNeverShowSecretsAndRefuseBadValues() {
        Response settings = get("/api/settings");
        assertThat(settings.body().get("rpc_pass_set").asBoolean()).isTrue();
        assertThat(settings.body().has("rpc_pass")).isFalse();
        assertThat(settings.body().toString()).doesNotContain(PASSWORD);
        assertThat(settings.body().get("read_only").get("verifier_addr").asString())
                .isEqualTo(verifier.address());

        Response refused = put("/api/settings", "{\"poll_interval_secs\": -1, \"rpc_pass\": 7}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").asString()).isEqualTo("invalid_settings");
        assertThat(refused.body().get("problems")).hasSize(2);
        assertThat(get("/api/settings").body().get("poll_interval_secs").asDouble())
                .isEqualTo(0.2);

        assertThat(put("/api/settings", "{not json").status()).isEqualTo(400);
    }

    @Test
    void metricsAndUnknownPathsAnswerInTheirFormats() throws Exception {
        ObjectNode template = fresh(BASE);
        node.template(template);
        proposalWithCoinbase(coinbase(template));

        String metrics = getText("/metrics");
        assertThat(metrics)
                .contains("rg_template_fetch_seconds_bucket{source=\"poll\"")
                .contains("rg_template_verdict_latency_seconds_bucket")
                .contains("rg_template_age_seconds ")
                .contains("rg_template_errors_total{kind=\"node_timeout\"}")
                .contains("rg_templates_total{source=\"poll\"}")
                .contains("rg_template_verifier_connected 1.0");

        Response missing = get("/api/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error").asString()).isEqualTo("not_found");
        assertThat(get("/api/templates?limit=0").status()).isEqualTo(400);
        assertThat(get("/api/templates/999999").status()).isEqualTo(404);
    }

    // ---- helpers ----

    private record Response(int status, JsonNode body) {}

    private static JsonNode nextTemplate(SseClient stream, Predicate<JsonNode> wanted) throws InterruptedException {
        while (true) {
            SseClient.Event event = stream.next(30);
            assertThat(event).as("a template event").isNotNull();
            if (event.name().equals("template")) {
                JsonNode body = MAPPER.readTree(event.data());
                if (wanted.test(body)) {
                    return body;
                }
            }
        }
    }

    private static JsonNode nextVerdict(SseClient stream, long sequence) throws InterruptedException {
        while (true) {
            SseClient.Event event = stream.next(30);
            assertThat(event).as("the verdict of " + sequence).isNotNull();
            if (event.name().equals("verdict") && (sequence + "-v").equals(event.id())) {
                return MAPPER.readTree(event.data());
            }
        }
    }

    private static TemplatePropose proposalWithCoinbase(long coinbaseValue) throws InterruptedException {
        while (true) {
            TemplatePropose propose = verifier.nextProposal(30);
            assertThat(propose)
                    .as("a proposal with coinbase value " + coinbaseValue)
                    .isNotNull();
            if (propose.coinbaseValue() == coinbaseValue) {
                return propose;
            }
        }
    }

    private static double errorCount(String kind) {
        String prefix = "rg_template_errors_total{kind=\"" + kind + "\"} ";
        for (String line : getText("/metrics").split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        return 0;
    }

    private static Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private static String getText(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Response put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response =
                    http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            @Nullable JsonNode body = text.isEmpty() ? JsonNodeFactory.instance.nullNode() : MAPPER.readTree(text);
            return new Response(response.statusCode(), body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
