package org.reservegrid.feedadapter.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.feedadapter.Services.JSON;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.feedadapter.Services;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A demo feed and an adapter on random loopback ports, with the feed's bearer token and the adapter's RPC
 * credentials set, driven through the adapter's JSON-RPC endpoint with a real HTTP client.
 */
class FeedAdapterEndToEndTests {
    private static final String FEED_TOKEN = "feed-token-7d1e9a";
    private static final String USER = "reservegrid";
    private static final String PASSWORD = "rpc-pass-3b8c";
    private static final String WRONG_PASSWORD = "wr0ng-pass-91";

    private static ConfigurableApplicationContext feed;
    private static ConfigurableApplicationContext adapter;
    private static int adapterPort;
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    private static PrintStream originalOut;

    /** Everything both services logged so far (Spring Boot logs to the console, which is teed here). */
    private static String log() {
        synchronized (CONSOLE) {
            return CONSOLE.toString(StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        originalOut = System.out;
        System.setOut(new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        originalOut.write(b);
                        synchronized (CONSOLE) {
                            CONSOLE.write(b);
                        }
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                        originalOut.write(bytes, offset, length);
                        synchronized (CONSOLE) {
                            CONSOLE.write(bytes, offset, length);
                        }
                    }
                },
                true,
                StandardCharsets.UTF_8));
        // Templates refresh every 400ms; blocks come once an hour, so the tip stays put during the test.
        feed = Services.startFeed(
                0,
                "--VELDRA_DEMO_FEED_SCENARIO=normal",
                "--VELDRA_DEMO_FEED_SEED=42",
                "--VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS=0.4",
                "--VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS=3600",
                "--VELDRA_DEMO_FEED_BLOCK_TIMING=fixed",
                "--VELDRA_DEMO_FEED_TOKEN=" + FEED_TOKEN);
        adapter = Services.startAdapter(
                "ws://127.0.0.1:" + Services.port(feed) + "/ws",
                "--VELDRA_FEED_TOKEN=" + FEED_TOKEN,
                "--VELDRA_BITCOIND_RPC_USER=" + USER,
                "--VELDRA_BITCOIND_RPC_PASS=" + PASSWORD,
                "--VELDRA_FEED_LONGPOLL_TIMEOUT_SECS=20",
                "--VELDRA_FEED_ADAPTER_MAX_REQUEST_BYTES=65536");
        adapterPort = Services.port(adapter);
        Services.await(
                "the first frame",
                Duration.ofSeconds(30),
                Services.healthSays(adapterPort, h -> h.get("ready").asBoolean()));
    }

    @AfterAll
    static void stop() {
        adapter.close();
        feed.close();
        System.setOut(originalOut);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return Services.post(adapterPort, body, USER, PASSWORD);
    }

    private static JsonNode call(String method, String params) throws Exception {
        HttpResponse<String> response =
                post("{\"jsonrpc\":\"1.0\",\"id\":\"t\",\"method\":\"" + method + "\",\"params\":" + params + "}");
        JsonNode reply = JSON.readTree(response.body());
        assertThat(reply.get("id").asString()).isEqualTo("t");
        return reply;
    }

    private static JsonNode template() throws Exception {
        JsonNode reply = call("getblocktemplate", "[{\"rules\":[\"segwit\"]}]");
        assertThat(reply.get("error").isNull()).as(reply.toString()).isTrue();
        return reply.get("result");
    }

    @Test
    void getblocktemplateServesTheFeedsTemplateAndTheChainCallsAgreeWithIt() throws Exception {
        JsonNode template = template();
        assertThat(template.get("previousblockhash").asString()).matches("[0-9a-f]{64}");
        assertThat(template.get("height").asInt()).isEqualTo(900_000);
        assertThat(template.get("transactions").isArray()).isTrue();
        assertThat(template.get("longpollid").asString())
                .startsWith(template.get("previousblockhash").asString());
        assertThat(template.get("weightlimit").asInt()).isEqualTo(4_000_000);
        long fees = 0;
        for (JsonNode tx : template.get("transactions")) {
            fees += tx.get("fee").asLong();
        }
        assertThat(template.get("coinbasevalue").asLong()).isEqualTo(312_500_000L + fees);

        assertThat(call("getbestblockhash", "[]").get("result").asString())
                .isEqualTo(template.get("previousblockhash").asString());
        assertThat(call("getblockcount", "[]").get("result").asLong()).isEqualTo(899_999);

        JsonNode chain = call("getblockchaininfo", "[]").get("result");
        assertThat(chain.get("chain").asString()).isEqualTo("main");
        assertThat(chain.get("blocks").asLong()).isEqualTo(899_999);
        assertThat(chain.get("bestblockhash").asString())
                .isEqualTo(template.get("previousblockhash").asString());
        assertThat(chain.get("bits").asString()).isEqualTo(template.get("bits").asString());
        assertThat(chain.get("target").asString())
                .isEqualTo(template.get("target").asString());
        // Mainnet block 837,043 had difficulty 83,126,997,340,024.61 at bits 170362d3.
        assertThat(chain.get("difficulty").asDouble()).isCloseTo(83_126_997_340_024.61, Offset.offset(1.0));
        assertThat(chain.get("mediantime").asLong())
                .isEqualTo(template.get("mintime").asLong() - 1);
        assertThat(chain.get("initialblockdownload").asBoolean()).isFalse();

        JsonNode mempool = call("getmempoolinfo", "[]").get("result");
        assertThat(mempool.get("loaded").asBoolean()).isTrue();
        assertThat(mempool.get("size").asLong())
                .isGreaterThanOrEqualTo(template.get("transactions").size());
        assertThat(mempool.get("total_fee").isNumber()).isTrue();
        assertThat(mempool.get("mempoolminfee").decimalValue()).isEqualByComparingTo("0.00001");
    }

    @Test
    void aLongPollReturnsOnceTheFeedSendsADifferentTemplate() throws Exception {
        String current = template().get("longpollid").asString();
        JsonNode reply = call("getblocktemplate", "[{\"rules\":[\"segwit\"],\"longpollid\":\"" + current + "\"}]");
        assertThat(reply.get("result").get("longpollid").asString()).isNotEqualTo(current);

        JsonNode unknownId = call("getblocktemplate", "[{\"rules\":[\"segwit\"],\"longpollid\":\"someoneelses\"}]");
        assertThat(unknownId.get("result").get("height").asInt()).isEqualTo(900_000);
    }

    @Test
    void getblocktemplateFollowsBitcoindsParameterRules() throws Exception {
        JsonNode noRules = call("getblocktemplate", "[]");
        assertThat(noRules.get("error").get("code").asInt()).isEqualTo(-8);
        assertThat(noRules.get("error").get("message").asString()).contains("segwit rule set");
        assertThat(call("getblocktemplate", "[{\"rules\":[\"csv\"]}]")
                        .get("error")
                        .get("code")
                        .asInt())
                .isEqualTo(-8);
        assertThat(call("getblocktemplate", "[\"segwit\"]")
                        .get("error")
                        .get("code")
                        .asInt())
                .isEqualTo(-3);
        assertThat(call("getblocktemplate", "[{\"rules\":[\"segwit\"],\"mode\":\"proposal\",\"data\":\"00\"}]")
                        .get("error")
                        .get("message")
                        .asString())
                .contains("proposal mode is not supported");
        assertThat(call("getblocktemplate", "{\"template_request\":{\"rules\":[\"segwit\"]}}")
                        .get("result")
                        .get("height")
                        .asInt())
                .as("named parameters")
                .isEqualTo(900_000);
        assertThat(call("getblockcount", "[1]").get("error").get("code").asInt())
                .isEqualTo(-1);
    }

    @Test
    void submitblockIsAcceptedAndLoggedButNeverForwarded() throws Exception {
        String header = "00000020" + "ab".repeat(32) + "cd".repeat(32) + "00000000" + "d3620317" + "00000000";
        JsonNode accepted = call("submitblock", "[\"" + header + "01" + "\"]");
        assertThat(accepted.get("error").isNull()).isTrue();
        assertThat(accepted.get("result").isNull()).isTrue();
        assertThat(log())
                .containsPattern("Shadow mode: submitblock for block [0-9a-f]{64} on " + "ab".repeat(32)
                        + " \\(81 bytes\\) accepted and not forwarded");

        assertThat(call("submitblock", "[\"zz\"]").get("error").get("code").asInt())
                .isEqualTo(-22);
        assertThat(call("submitblock", "[\"00\"]").get("error").get("message").asString())
                .isEqualTo("Block decode failed");
        assertThat(call("submitblock", "[7]").get("error").get("code").asInt()).isEqualTo(-3);
        assertThat(Services.get(adapterPort, "/metrics").body())
                .containsPattern("rg_feed_adapter_blocks_submitted_total [1-9]");
    }

    @Test
    void unknownMethodsGetMethodNotFoundInBothProtocolVersions() throws Exception {
        HttpResponse<String> legacy = post("{\"id\":1,\"method\":\"getnewaddress\",\"params\":[]}");
        assertThat(legacy.statusCode()).isEqualTo(404);
        JsonNode legacyReply = JSON.readTree(legacy.body());
        assertThat(legacyReply.get("result").isNull()).isTrue();
        assertThat(legacyReply.get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(legacyReply.get("error").get("message").asString()).isEqualTo("Method not found");
        assertThat(legacyReply.get("id").asInt()).isEqualTo(1);

        HttpResponse<String> v2 = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"getnewaddress\"}");
        assertThat(v2.statusCode()).isEqualTo(200);
        JsonNode v2Reply = JSON.readTree(v2.body());
        assertThat(v2Reply.get("jsonrpc").asString()).isEqualTo("2.0");
        assertThat(v2Reply.has("result")).isFalse();
        assertThat(v2Reply.get("error").get("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void malformedRequestsGetParseOrInvalidRequestErrors() throws Exception {
        HttpResponse<String> garbage = post("{\"method\": \"getblockcount\", ");
        assertThat(garbage.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(garbage.body()).get("error").get("code").asInt())
                .isEqualTo(-32700);
        assertThat(JSON.readTree(garbage.body()).get("error").get("message").asString())
                .isEqualTo("Parse error");

        assertThat(JSON.readTree(post("").body()).get("error").get("code").asInt())
                .isEqualTo(-32700);
        assertThat(JSON.readTree(post("\"getblockcount\"").body())
                        .get("error")
                        .get("code")
                        .asInt())
                .isEqualTo(-32700);

        HttpResponse<String> noMethod = post("{\"id\":3,\"method\":42}");
        assertThat(noMethod.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMethod.body()).get("error").get("code").asInt())
                .isEqualTo(-32600);

        HttpResponse<String> badParams = post("{\"id\":4,\"method\":\"getblockcount\",\"params\":\"x\"}");
        assertThat(badParams.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badParams.body()).get("error").get("message").asString())
                .isEqualTo("Params must be an array or object");

        assertThat(Services.get(adapterPort, "/").statusCode()).isEqualTo(405);

        HttpResponse<String> tooLarge =
                post("{\"id\":5,\"method\":\"submitblock\",\"params\":[\"" + "00".repeat(40_000) + "\"]}");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("error").get("message").asString())
                .isEqualTo("Request body larger than 65536 bytes");
    }

    @Test
    void batchesAreAnsweredInOrderAndNotificationsGetNoReply() throws Exception {
        HttpResponse<String> response = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"getblockcount\"},"
                + "{\"id\":3,\"method\":\"nosuchmethod\"},"
                + "17]");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode replies = JSON.readTree(response.body());
        assertThat(replies.size()).isEqualTo(3);
        assertThat(replies.get(0).get("result").asLong()).isEqualTo(899_999);
        assertThat(replies.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
        assertThat(replies.get(2).get("error").get("code").asInt()).isEqualTo(-32600);

        assertThat(post("{\"jsonrpc\":\"2.0\",\"method\":\"getblockcount\"}").statusCode())
                .isEqualTo(204);
        assertThat(post("[]").statusCode()).isEqualTo(400);
    }

    @Test
    void requestsWithoutTheRightCredentialsGet401() throws Exception {
        String body = "{\"id\":1,\"method\":\"getblockcount\",\"params\":[]}";
        HttpResponse<String> none = Services.post(adapterPort, body, null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"jsonrpc\"");
        assertThat(Services.post(adapterPort, body, USER, WRONG_PASSWORD).statusCode())
                .isEqualTo(401);
        assertThat(Services.post(adapterPort, body, "someone", PASSWORD).statusCode())
                .isEqualTo(401);
        assertThat(Services.post(adapterPort, body, USER, PASSWORD).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theRpcPathKeepsBitcoindsAnswersForEveryMethodAndBody() throws Exception {
        HttpResponse<String> get = Services.get(adapterPort, "/");
        HttpResponse<String> reply = post("{\"id\":1,\"method\":\"getblockcount\",\"params\":[]}");
        HttpResponse<String> notification = post("{\"jsonrpc\":\"2.0\",\"method\":\"getblockcount\"}");
        HttpResponse<String> unauthorized =
                Services.post(adapterPort, "{\"id\":1,\"method\":\"getblockcount\"}", null, null);

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(get.body()).isEqualTo("JSONRPC server handles only POST requests");
        assertThat(reply.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(reply.body()).startsWith("{\"result\":").endsWith(",\"error\":null,\"id\":1}");
        assertThat(notification.statusCode()).isEqualTo(204);
        assertThat(notification.body()).isEmpty();
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.body()).isEmpty();
    }

    @Test
    void healthReportsTheUpstreamAndMetricsCountFramesAndCalls() throws Exception {
        call("getblockcount", "[]");
        JsonNode health = Services.health(adapterPort);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode upstream = health.get("upstream");
        assertThat(upstream.get("connected").asBoolean()).isTrue();
        assertThat(upstream.get("url").asString()).isEqualTo("ws://127.0.0.1:" + Services.port(feed) + "/ws");
        assertThat(upstream.get("frames").asLong()).isPositive();
        assertThat(upstream.get("reconnects").asLong()).isZero();
        assertThat(upstream.get("last_frame_age_seconds").asDouble()).isNotNegative();
        assertThat(Services.get(adapterPort, "/ready").statusCode()).isEqualTo(200);

        String metrics = Services.get(adapterPort, "/metrics").body();
        assertThat(metrics)
                .contains("rg_feed_adapter_upstream_connected 1.0")
                .containsPattern("rg_feed_adapter_frames_total [1-9]")
                .contains("rg_feed_adapter_rpc_requests_total{method=\"getblockcount\",outcome=\"ok\"}");
    }

    @Test
    void secretsNeverReachTheLog() throws Exception {
        Services.post(adapterPort, "{\"id\":1,\"method\":\"getblockcount\"}", USER, WRONG_PASSWORD);
        String log = log();
        assertThat(log)
                .contains("Following feed ws://127.0.0.1:" + Services.port(feed) + "/ws with a bearer token")
                .contains("Rejected JSON-RPC request")
                .doesNotContain(FEED_TOKEN)
                .doesNotContain(PASSWORD)
                .doesNotContain(WRONG_PASSWORD);
    }
}
