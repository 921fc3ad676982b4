package org.reservegrid.demofeed.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reservegrid.demofeed.DemoFeedApplication;
import org.reservegrid.demofeed.simulation.FeedSimulator;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The demo feed as a real server on a random port, driven by real WebSocket and HTTP clients. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoFeedServerTests {
    private static final String TOKEN = "test-token-5f2c";
    private static final long START_TIME = 1_750_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ConfigurableApplicationContext feed;
    private static int port;

    @BeforeAll
    static void startFeed() {
        feed = DemoFeedApplication.application()
                .run(
                        "--VELDRA_DEMO_FEED_PORT=0",
                        "--VELDRA_DEMO_FEED_SCENARIO=normal",
                        "--VELDRA_DEMO_FEED_SEED=5",
                        "--VELDRA_DEMO_FEED_START_TIME=" + START_TIME,
                        "--VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS=0.25",
                        "--VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS=2",
                        "--VELDRA_DEMO_FEED_MAX_CONNECTIONS_PER_IP=2",
                        "--VELDRA_DEMO_FEED_TOKEN=" + TOKEN);
        port = ((WebServerApplicationContext) feed).getWebServer().getPort();
    }

    @AfterAll
    static void stopFeed() {
        if (feed.isActive()) {
            feed.close();
        }
    }

    private static URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the feed has released every session of earlier tests. */
    private static void awaitNoConnections() throws Exception {
        for (int i = 0; i < 200; i++) {
            if (JSON.readTree(get("/ready").body())
                            .at("/checks/feed/connections")
                            .asInt()
                    == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("sessions of earlier tests are still open");
    }

    @Test
    @Order(1)
    void aClientGetsTheLatestFrameAtOnceAndThenEveryNewOneInOrder() throws Exception {
        try (TestFeedClient client = TestFeedClient.connect(ws(), TOKEN)) {
            long previousSeq = 0;
            for (int i = 0; i < 4; i++) {
                JsonNode frame = JSON.readTree(client.nextFrame());
                assertThat(frame.get("type").asString()).isEqualTo("gbt");
                assertThat(frame.get("scenario").asString()).isEqualTo("normal");
                assertThat(frame.get("seq").asLong()).isGreaterThan(previousSeq);
                assertThat(frame.get("template").get("transactions").isArray()).isTrue();
                assertThat(frame.get("mempool").get("size").asLong()).isNotNegative();
                previousSeq = frame.get("seq").asLong();
            }
        }
    }

    @Test
    @Order(2)
    void theServedStreamIsTheSeedsSimulationByteForByte() throws Exception {
        try (TestFeedClient client = TestFeedClient.connect(ws(), TOKEN)) {
            String served = client.nextFrame();
            long seq = JSON.readTree(served).get("seq").asLong();
            FeedSimulator replay = new FeedSimulator(new SimulationSettings(
                    Scenario.NORMAL,
                    5,
                    Duration.ofMillis(250),
                    Duration.ofSeconds(2),
                    SimulationSettings.BlockTiming.EXPONENTIAL,
                    START_TIME,
                    900_000));
            SimulatedFrame expected = replay.next();
            while (expected.seq() < seq) {
                expected = replay.next();
            }
            assertThat(served).isEqualTo(new String(expected.json(), StandardCharsets.UTF_8));
        }
    }

    @Test
    @Order(3)
    void aConnectionBeyondThePerAddressLimitIsClosedWithTheLimitAsReason() throws Exception {
        awaitNoConnections();
        try (TestFeedClient first = TestFeedClient.connect(ws(), TOKEN);
                TestFeedClient second = TestFeedClient.connect(ws(), TOKEN)) {
            first.nextFrame();
            second.nextFrame();
            TestFeedClient third = TestFeedClient.connect(ws(), TOKEN);
            TestFeedClient.Close close = third.awaitClose();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).isEqualTo("peer_quota_exceeded: at most 2 connections per IP address");
            assertThat(second.isClosed()).isFalse();
        }
        awaitNoConnections();
        try (TestFeedClient again = TestFeedClient.connect(ws(), TOKEN)) {
            assertThat(JSON.readTree(again.nextFrame()).get("type").asString()).isEqualTo("gbt");
        }
        assertThat(get("/metrics").body())
                .containsPattern("rg_demo_feed_connections_refused_total\\{limit=\"per_ip_limit\"} [1-9]");
    }

    @Test
    @Order(4)
    void anUpgradeWithoutTheTokenOrWithAWrongOneGets401() {
        for (String token : new String[] {null, "wrong-token"}) {
            assertThatThrownBy(() -> TestFeedClient.connect(ws(), token))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        }
    }

    @Test
    @Order(5)
    void healthReadyAndMetricsAnswerOnTheFeedPort() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.get("status").asString()).isEqualTo("up");
        assertThat(body.get("service").asString()).isEqualTo("rg-demo-feed");

        HttpResponse<String> ready = get("/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode feed = JSON.readTree(ready.body()).at("/checks/feed");
        assertThat(feed.get("status").asString()).isEqualTo("up");
        assertThat(feed.get("state").asString()).isEqualTo("UP");
        assertThat(feed.get("scenario").asString()).isEqualTo("normal");
        assertThat(feed.get("seed").asLong()).isEqualTo(5);
        assertThat(feed.get("seq").asLong()).isPositive();

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("rg_demo_feed_frames_total{event=\"template\"}")
                .contains("rg_demo_feed_connections ")
                .contains("rg_demo_feed_template_height ");
    }

    @Test
    @Order(6)
    void stoppingTheFeedClosesOpenSessionsWithShutdownDrain() throws Exception {
        // Earlier tests' sessions may still count against the per-address limit of 2 for a moment.
        awaitNoConnections();
        TestFeedClient client = TestFeedClient.connect(ws(), TOKEN);
        client.nextFrame();
        feed.close();
        TestFeedClient.Close close = client.awaitClose();
        assertThat(close.code()).isEqualTo(1001);
        assertThat(close.reason()).isEqualTo("shutdown_drain");
    }
}
