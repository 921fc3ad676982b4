package org.reservegrid.feedadapter.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.reservegrid.demofeed.simulation.FeedSimulator;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import org.reservegrid.feedadapter.upstream.FeedStates;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The RPC methods on their own: bitcoind's answers for good calls, typed errors for every bad one. */
class RpcMethodsTests {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String FRAME = new String(
            new FeedSimulator(new SimulationSettings(
                            Scenario.NORMAL,
                            12,
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(10),
                            SimulationSettings.BlockTiming.FIXED,
                            1_750_000_000L,
                            900_000))
                    .next()
                    .json(),
            StandardCharsets.UTF_8);

    private static final AtomicInteger SUBMITTED = new AtomicInteger();

    private static RpcMethods connected() throws Exception {
        return new RpcMethods(
                FeedStates.connectedWith(FRAME, JSON), JSON, Duration.ofMillis(50), "main", SUBMITTED::incrementAndGet);
    }

    private static JsonNode params(String json) {
        return JSON.readTree(json);
    }

    @Test
    void everyDataMethodAnswersNotConnectedBeforeTheFirstFrame() {
        RpcMethods methods = new RpcMethods(FeedStates.empty(), JSON, Duration.ofMillis(50), "main", () -> {});
        for (String method : List.of(
                "getblocktemplate", "getmempoolinfo", "getblockchaininfo", "getbestblockhash", "getblockcount")) {
            JsonNode arguments =
                    method.equals("getblocktemplate") ? params("[{\"rules\":[\"segwit\"]}]") : params("[]");
            assertThatThrownBy(() -> methods.call(method, arguments).block())
                    .as(method)
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(-9);
                        assertThat(e.getMessage())
                                .isEqualTo("feed not connected: no template received from the feed yet");
                    });
        }
    }

    @Test
    void aLongPollOnTheCurrentIdReturnsTheCurrentTemplateWhenTheWaitEnds() throws Exception {
        RpcMethods methods = connected();
        JsonNode template = JSON.readTree(
                JSON.writeValueAsString(methods.call("getblocktemplate", params("[{\"rules\":[\"segwit\"]}]"))
                        .block()));
        String id = template.get("longpollid").asString();
        JsonNode after = JSON.readTree(JSON.writeValueAsString(
                methods.call("getblocktemplate", params("[{\"rules\":[\"segwit\"],\"longpollid\":\"" + id + "\"}]"))
                        .block()));
        assertThat(after).isEqualTo(template);
    }

    @Test
    void getmempoolinfoCarriesCoresFieldsWithTheFeedsFigures() throws Exception {
        JsonNode info = connected().call("getmempoolinfo", params("[]")).block();
        JsonNode frameMempool = JSON.readTree(FRAME).get("mempool");
        assertThat(info.get("size")).isEqualTo(frameMempool.get("size"));
        assertThat(info.get("total_fee").decimalValue())
                .isEqualByComparingTo(frameMempool.get("total_fee").decimalValue());
        assertThat(info.propertyNames())
                .contains(
                        "loaded",
                        "bytes",
                        "usage",
                        "maxmempool",
                        "mempoolminfee",
                        "minrelaytxfee",
                        "incrementalrelayfee",
                        "unbroadcastcount",
                        "fullrbf");
    }

    @Provide
    Arbitrary<JsonNode> anyParams() {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> JSON.writeValueAsString(s)),
                Arbitraries.strings()
                        .withChars("0123456789abcdef")
                        .ofMinLength(0)
                        .ofMaxLength(400)
                        .map(s -> "\"" + s + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of(
                        "null",
                        "true",
                        "1.5",
                        "[]",
                        "{}",
                        "[\"segwit\"]",
                        "{\"rules\":[\"segwit\"]}",
                        "{\"rules\":[\"segwit\"],\"longpollid\":7}",
                        "{\"rules\":\"segwit\"}",
                        "{\"mode\":\"proposal\"}",
                        "{\"rules\":[\"segwit\"],\"mode\":3}",
                        "{\"rules\":[\"segwit\"],\"longpollid\":\"x\"}"));
        Arbitrary<String> positional = scalar.list().ofMaxSize(3).map(values -> "[" + String.join(",", values) + "]");
        Arbitrary<String> named = Arbitraries.of("template_request", "hexdata", "dummy", "other")
                .flatMap(key -> scalar.map(value -> "{\"" + key + "\":" + value + "}"));
        return Arbitraries.oneOf(positional, named).map(JSON::readTree);
    }

    private static RpcMethods shared;

    @Property(tries = 300)
    void noArgumentsMakeAMethodFailWithAnythingButATypedRpcError(
            @ForAll("methodNames") String method, @ForAll("anyParams") JsonNode arguments) throws Exception {
        if (shared == null) {
            shared = connected();
        }
        try {
            shared.call(method, arguments).block(Duration.ofSeconds(5));
        } catch (RpcException expected) {
            assertThat(expected.code()).isIn(-1, -3, -8, -22, -32601);
        }
    }

    @Provide
    Arbitrary<String> methodNames() {
        return Arbitraries.of(
                "getblocktemplate",
                "getmempoolinfo",
                "getblockchaininfo",
                "getbestblockhash",
                "getblockcount",
                "submitblock",
                "stop");
    }
}
