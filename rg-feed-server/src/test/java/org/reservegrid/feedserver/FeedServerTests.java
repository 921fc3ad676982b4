package org.reservegrid.feedserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.reservegrid.feedserver.support.FeedClient;
import org.reservegrid.feedserver.support.RawUpgrade;
import org.reservegrid.noderpc.testing.FakeNode;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.process.ServiceProcess;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.Disposable;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * rg-feed-server as it runs: the real application on a random port following a real JSON-RPC node on loopback
 * (FakeNode), driven by real WebSocket clients and hand-written upgrades on plain sockets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class FeedServerTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String ENV_TOKEN = "env-token-0123456789abcdef";
    private static final String FILE_TOKEN = "file-token-0123456789abcdef";
    private static final String ROTATED_TOKEN = "rotated-token-0123456789abcd";
    private static final String EXPIRED_TOKEN = "expired-token-0123456789abcd";

    private static FakeNode node;
    private static ConfigurableApplicationContext server;
    private static Path tokenFile;
    private static int port;
    private static long templateCounter;

    @BeforeAll
    static void start() throws Exception {
        node = new FakeNode(template(0)).start();
        tokenFile = Files.createTempFile("rg-feed-server-tokens", ".txt");
        Files.writeString(
                tokenFile, "# subscribers\n" + FILE_TOKEN + "\n" + EXPIRED_TOKEN + " expires=2020-01-01T00:00:00Z\n");
        server = FeedServerApplication.application()
                .run(
                        "--VELDRA_FEED_SERVER_PORT=0",
                        "--VELDRA_BITCOIND_RPC_URL=" + node.url(),
                        "--VELDRA_BITCOIND_RPC_TIMEOUT_SECS=2",
                        "--VELDRA_FEED_SERVER_REFRESH_SECS=0.5",
                        "--VELDRA_FEED_SERVER_RECONNECT_INITIAL_SECS=0.1",
                        "--VELDRA_FEED_SERVER_RECONNECT_MAX_SECS=0.5",
                        "--VELDRA_FEED_SERVER_READY_MAX_AGE_SECS=5",
                        "--VELDRA_FEED_SERVER_TOKENS=" + ENV_TOKEN,
                        "--VELDRA_FEED_SERVER_TOKENS_FILE=" + tokenFile,
                        "--VELDRA_FEED_SERVER_TOKENS_FILE_POLL_SECS=0.1",
                        "--VELDRA_FEED_SERVER_MAX_CONNECTIONS_PER_IP=2",
                        "--VELDRA_FEED_SERVER_SUBSCRIBER_BUFFER_BYTES=3000000");
        port = ((WebServerApplicationContext) server).getWebServer().getPort();
        Await.until("the first frame", () -> status("/ready") == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        node.close();
        Files.deleteIfExists(tokenFile);
    }

    @AfterEach
    void noSubscriberLeft() {
        Await.until(
                "every subscriber of the test gone",
                () -> ready().at("/checks/upstream/subscribers").asInt() == 0);
    }

    /** The fixture template with its own longpollid and curtime, optionally padded to make frames big. */
    private static ObjectNode template(int paddingBytes) {
        ObjectNode template = SharedFixtures.gbt("core-regtest-h506-4tx.json");
        long n = ++templateCounter;
        template.put("longpollid", template.path("previousblockhash").asString() + n);
        template.put("curtime", template.path("curtime").asLong() + n);
        if (paddingBytes > 0) {
            template.put("x_padding", "ab".repeat(paddingBytes / 2));
        }
        return template;
    }

    @Test
    @Order(1)
    void aNewSubscriberGetsTheLatestFrameAtOnceWithTheNodesTemplateUnchanged() {
        try (FeedClient client = FeedClient.connect(port, ENV_TOKEN)) {
            Await.until("a frame", () -> !client.frames().isEmpty());
            JsonNode frame = client.frames().getFirst();
            assertThat(frame.path("type").asString()).isEqualTo("gbt");
            assertThat(frame.path("seq").asLong()).isPositive();
            assertThat(frame.path("scenario").asString()).isEqualTo("node");
            JsonNode template = frame.path("template");
            assertThat(template.toString()).isEqualTo(node.template().toString());
            // Field order as the node sent it.
            assertThat(List.copyOf(template.propertyNames()))
                    .containsExactlyElementsOf(node.template().propertyNames());
            assertThat(frame.at("/tip/hash").asString())
                    .isEqualTo(template.path("previousblockhash").asString());
            assertThat(frame.at("/tip/height").asLong())
                    .isEqualTo(template.path("height").asLong() - 1);
            assertThat(frame.at("/mempool/size").isIntegralNumber()).isTrue();

            node.template(template(0));
            Await.until(
                    "the next template",
                    () -> client.frames().stream()
                            .anyMatch(f -> f.path("template")
                                    .toString()
                                    .equals(node.template().toString())));
            List<JsonNode> frames = client.frames();
            for (int i = 1; i < frames.size(); i++) {
                assertThat(frames.get(i).path("seq").asLong())
                        .isGreaterThan(frames.get(i - 1).path("seq").asLong());
            }
            // Nobody negotiated permessage-deflate yet, so no frame was compressed.
            assertThat(metricLine(get("/metrics").body(), "rg_feed_server_frame_deflated_bytes"))
                    .isZero();
        }
    }

    @Test
    @Order(2)
    void missingWrongAndExpiredTokensAreRefusedBeforeTheUpgradeWithAReasonAndCounted() throws Exception {
        double before = metric("rg_feed_server_connections_refused_total");
        try (RawUpgrade missing = RawUpgrade.open(port, null, 0)) {
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.header("WWW-Authenticate")).contains("Bearer realm=\"rg-feed-server\"");
            assertThat(JSON.readTree(missing.body()).path("error").asString()).isEqualTo("token_missing");
        }
        try (RawUpgrade wrong = RawUpgrade.open(port, "Bearer not-the-token-0123456789", 0)) {
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.header("Content-Type")).startsWith("application/json");
            JsonNode body = JSON.readTree(wrong.body());
            assertThat(body.path("error").asString()).isEqualTo("token_invalid");
            assertThat(body.path("message").asString()).isEqualTo("the bearer token is not valid");
        }
        try (RawUpgrade expired = RawUpgrade.open(port, "Bearer " + EXPIRED_TOKEN, 0)) {
            assertThat(expired.status()).isEqualTo(403);
            assertThat(JSON.readTree(expired.body()).path("error").asString()).isEqualTo("token_expired");
        }
        try (RawUpgrade accepted = RawUpgrade.open(port, "Bearer " + FILE_TOKEN, 0)) {
            assertThat(accepted.status()).isEqualTo(101);
        }
        String metrics = get("/metrics").body();
        assertThat(metricLine(metrics, "rg_feed_server_connections_refused_total{reason=\"token_missing\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricLine(metrics, "rg_feed_server_connections_refused_total{reason=\"token_invalid\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metricLine(metrics, "rg_feed_server_connections_refused_total{reason=\"token_expired\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric("rg_feed_server_connections_refused_total")).isEqualTo(before + 3);
    }

    @Test
    @Order(3)
    void aRewrittenTokenFileTakesEffectWithoutARestart() throws Exception {
        double applied = metricLine(get("/metrics").body(), "rg_feed_server_token_reloads_total{outcome=\"applied\"}");
        Files.writeString(tokenFile, ROTATED_TOKEN + " expires=2999-01-01\n");

        Await.until("the old file token refused", () -> upgradeStatus("Bearer " + FILE_TOKEN) == 401);
        assertThat(upgradeStatus("Bearer " + ROTATED_TOKEN)).isEqualTo(101);
        assertThat(upgradeStatus("Bearer " + ENV_TOKEN))
                .as("environment tokens stay")
                .isEqualTo(101);
        assertThat(metricLine(get("/metrics").body(), "rg_feed_server_token_reloads_total{outcome=\"applied\"}"))
                .isEqualTo(applied + 1);

        // A broken file is refused as a whole: the previous tokens stay.
        Files.writeString(tokenFile, "short\n");
        Await.until(
                "the broken file refused",
                () -> metricLine(get("/metrics").body(), "rg_feed_server_token_reloads_total{outcome=\"rejected\"}")
                        >= 1);
        assertThat(upgradeStatus("Bearer " + ROTATED_TOKEN)).isEqualTo(101);
    }

    @Test
    @Order(4)
    void aThirdConnectionFromOneAddressIsRefusedWith429UntilOneLeaves() throws Exception {
        FeedClient first = FeedClient.connect(port, ENV_TOKEN);
        try (first;
                FeedClient second = FeedClient.connect(port, ENV_TOKEN)) {
            Await.until(
                    "two subscribers",
                    () -> ready().at("/checks/upstream/subscribers").asInt() == 2);
            Await.until("frames on both", () -> first.lastSeq() > 0 && second.lastSeq() > 0);
            try (RawUpgrade third = RawUpgrade.open(port, "Bearer " + ENV_TOKEN, 0)) {
                assertThat(third.status()).isEqualTo(429);
                JsonNode body = JSON.readTree(third.body());
                assertThat(body.path("error").asString()).isEqualTo("connection_limit_per_ip");
                assertThat(body.path("message").asString()).isEqualTo("at most 2 connections per IP address");
            }
            assertThat(metricLine(
                            get("/metrics").body(),
                            "rg_feed_server_connections_refused_total{reason=\"connection_limit_per_ip\"}"))
                    .isGreaterThanOrEqualTo(1);
            first.close();
            // The slot is released when the session ends, not when the handshake completes.
            Await.until("a slot free again", () -> upgradeStatus("Bearer " + ENV_TOKEN) == 101);
        }
    }

    @Test
    @Order(5)
    void aSubscriberOfferingPermessageDeflateGetsTheSameFramesCompressed() throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>();
        AtomicReference<String> extensions = new AtomicReference<>();
        Disposable session = reactor.netty.http.client.HttpClient.create()
                .headers(headers -> headers.set("Authorization", "Bearer " + ENV_TOKEN))
                .websocket(WebsocketClientSpec.builder()
                        .compress(true)
                        .maxFramePayloadLength(1 << 24)
                        .build())
                .uri("ws://127.0.0.1:" + port + "/ws")
                .handle((in, out) -> {
                    extensions.set(in.headers().get("sec-websocket-extensions"));
                    return in.aggregateFrames(1 << 24)
                            .receiveFrames()
                            .filter(TextWebSocketFrame.class::isInstance)
                            .doOnNext(frame -> texts.add(((TextWebSocketFrame) frame).text()));
                })
                .subscribe();
        try (FeedClient plain = FeedClient.connect(port, ENV_TOKEN)) {
            Await.until(
                    "a frame on both", () -> !texts.isEmpty() && !plain.frames().isEmpty());
            node.template(template(200_000));
            Await.until(
                    "the padded template on both",
                    () -> texts.stream().anyMatch(text -> text.contains("x_padding"))
                            && plain.frames().stream()
                                    .anyMatch(f -> f.has("template")
                                            && f.path("template").has("x_padding")));
            assertThat(extensions.get()).contains("permessage-deflate");
            JsonNode compressed = texts.stream()
                    .map(JSON::readTree)
                    .filter(f -> f.path("template").has("x_padding"))
                    .findFirst()
                    .orElseThrow();
            JsonNode same = plain.frames().stream()
                    .filter(f ->
                            f.path("seq").asLong() == compressed.path("seq").asLong())
                    .findFirst()
                    .orElseThrow();
            assertThat(compressed).isEqualTo(same);
            String metrics = get("/metrics").body();
            assertThat(metricLine(metrics, "rg_feed_server_frames_sent_total{encoding=\"deflate\"}"))
                    .isPositive();
            assertThat(metricLine(metrics, "rg_feed_server_frame_deflated_bytes"))
                    .isPositive()
                    .isLessThan(metricLine(metrics, "rg_feed_server_frame_bytes") / 2);
        } finally {
            session.dispose();
        }
    }

    @Test
    @Order(6)
    void aSubscriberThatStopsReadingIsDroppedWithAReasonWhileAFastOneKeepsReceiving() throws Exception {
        double droppedBefore = metricLine(
                get("/metrics").body(), "rg_feed_server_subscribers_dropped_total{reason=\"slow_consumer\"}");
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread producer = Thread.ofVirtual().start(() -> {
            while (feeding.get()) {
                node.template(template(1_000_000));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (RawUpgrade slow = RawUpgrade.open(port, "Bearer " + ENV_TOKEN, 4096);
                FeedClient fast = FeedClient.connect(port, ENV_TOKEN)) {
            assertThat(slow.status()).isEqualTo(101);
            Await.until(
                    "the slow subscriber dropped",
                    Duration.ofSeconds(60),
                    () -> metricLine(
                                    get("/metrics").body(),
                                    "rg_feed_server_subscribers_dropped_total{reason=\"slow_consumer\"}")
                            > droppedBefore);
            long seqAtDrop = fast.lastSeq();
            Await.until("the fast subscriber still receiving", () -> fast.lastSeq() > seqAtDrop + 2);
            assertThat(fast.closed()).isNotDone();

            // The slow one finds the close frame with the reason behind the frames it never read.
            slow.socket().setSoTimeout(15_000);
            String tail = lastCloseReason(slow.socket().getInputStream());
            assertThat(tail).startsWith("slow_consumer: ").contains("limit 3000000");
        } finally {
            feeding.set(false);
            producer.join();
        }
    }

    @Test
    @Order(7)
    void whenTheNodeGoesAwayTheServerIsNotReadyAndSubscribersGetFramesAgainWhenItReturns() throws Exception {
        node.template(template(0));
        try (FeedClient client = FeedClient.connect(port, ENV_TOKEN)) {
            Await.until("a frame", () -> !client.frames().isEmpty());
            node.stop();
            Await.until("not ready", () -> status("/ready") == 503);
            JsonNode notReady = ready();
            assertThat(notReady.path("reasons").toString()).contains("upstream_down");
            assertThat(notReady.at("/checks/upstream/last_error").asString())
                    .matches("node_(connection_refused|io_error): getblocktemplate to .*");
            assertThat(metricLine(get("/metrics").body(), "rg_feed_server_upstream_up"))
                    .isZero();
            long seqWhileDown = client.lastSeq();

            node.template(template(0));
            node.start();
            Await.until("ready again", () -> status("/ready") == 200);
            Await.until(
                    "the new template delivered",
                    () -> client.lastSeq() > seqWhileDown
                            && client.frames()
                                    .getLast()
                                    .path("template")
                                    .toString()
                                    .equals(node.template().toString()));
            assertThat(client.closed()).isNotDone();
        }
    }

    @Test
    @Order(8)
    void aRelayFollowsThisServerAndPassesEveryNewTemplateOnUnderItsOwnSeq() {
        node.template(template(0));
        // Its own JVM: a second context here would share (and on close dispose) Reactor Netty's global loops.
        int relayPort = FreePorts.loopback();
        try (ServiceProcess relay = ServiceProcess.mainClass("rg-feed-server-relay", FeedServerApplication.class)
                .httpPort(relayPort)
                .environment(Map.of(
                        "VELDRA_FEED_SERVER_PORT",
                        Integer.toString(relayPort),
                        "VELDRA_FEED_SERVER_UPSTREAM_URL",
                        "ws://127.0.0.1:" + port + "/ws",
                        "VELDRA_FEED_SERVER_UPSTREAM_TOKEN",
                        ENV_TOKEN,
                        "VELDRA_FEED_SERVER_RECONNECT_INITIAL_SECS",
                        "0.1",
                        "VELDRA_FEED_SERVER_RECONNECT_MAX_SECS",
                        "0.5",
                        "VELDRA_FEED_SERVER_TOKENS",
                        ROTATED_TOKEN))
                .build()
                .start()) {
            try (FeedClient client = FeedClient.connect(relayPort, ROTATED_TOKEN)) {
                Await.until(
                        "the node's template through the relay",
                        () -> client.frames().stream()
                                .anyMatch(f -> f.path("template")
                                        .toString()
                                        .equals(node.template().toString())));
                long seqBefore = client.lastSeq();
                // Ready: its upstream (this server) is connected and fresh.
                assertThat(relay.get("/ready").status()).isEqualTo(200);

                node.template(template(0));
                Await.until(
                        "the next template through the relay",
                        () -> client.lastSeq() > seqBefore
                                && client.frames()
                                        .getLast()
                                        .path("template")
                                        .toString()
                                        .equals(node.template().toString()));
                List<JsonNode> frames = client.frames();
                for (int i = 1; i < frames.size(); i++) {
                    assertThat(frames.get(i).path("seq").asLong())
                            .isGreaterThan(frames.get(i - 1).path("seq").asLong());
                }
            }
        }
    }

    /** Reads server frames until a close frame and returns its reason (frames are unmasked from a server). */
    private static String lastCloseReason(InputStream in) throws Exception {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                return "(connection closed without a close frame)";
            }
            long length = second & 0x7f;
            if (length == 126) {
                length = ((long) in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if ((first & 0x0f) == 0x8) {
                return new String(payload, 2, payload.length - 2, java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    private static int upgradeStatus(String authorization) {
        try (RawUpgrade upgrade = RawUpgrade.open(port, authorization, 0)) {
            return upgrade.status();
        } catch (Exception e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int status(String path) {
        return get(path).statusCode();
    }

    private static JsonNode ready() {
        return JSON.readTree(get("/ready").body());
    }

    private static double metric(String name) {
        double sum = 0;
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The value of one series: {@code name} or {@code name{label="value"}} (other labels may be present). */
    private static double metricLine(String metrics, String series) {
        int brace = series.indexOf('{');
        String name = brace < 0 ? series : series.substring(0, brace);
        String label = brace < 0 ? "" : series.substring(brace + 1, series.length() - 1);
        for (String line : metrics.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
