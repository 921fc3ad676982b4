package org.reservegrid.feedadapter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.feedadapter.Services.JSON;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reservegrid.feedadapter.Services;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.FreePorts;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The adapter's life with an unreliable feed: started before any feed exists, fed full-size mainnet-like
 * templates, then the feed stops and a different one takes its port.
 */
class FeedRestartTests {
    private static final String GBT =
            "{\"id\":\"r\",\"method\":\"getblocktemplate\",\"params\":[{\"rules\":[\"segwit\"]}]}";

    @Test
    void theAdapterReportsNotConnectedUntilAFrameArrivesAndFollowsTheFeedAcrossARestart() throws Exception {
        int feedPort = FreePorts.loopback();
        String feedUrl = "ws://127.0.0.1:" + feedPort + "/ws";
        ConfigurableApplicationContext adapter =
                Services.startAdapter(feedUrl, "--VELDRA_FEED_DISCONNECT_GRACE_SECS=0.3");
        ConfigurableApplicationContext feed = null;
        try {
            int port = Services.port(adapter);
            HttpResponse<String> early = Services.post(port, GBT, null, null);
            assertThat(early.statusCode()).isEqualTo(500);
            JsonNode error = JSON.readTree(early.body()).get("error");
            assertThat(error.get("code").asInt()).isEqualTo(-9);
            assertThat(error.get("message").asString())
                    .isEqualTo("feed not connected: no template received from the feed yet");
            assertThat(Services.get(port, "/ready").statusCode()).isEqualTo(503);
            Await.until(
                    "redial attempts",
                    Duration.ofSeconds(30),
                    Services.readinessSays(
                            port,
                            h -> h.at("/checks/upstream").get("reconnects").asLong() >= 2));
            assertThat(Services.readiness(port)
                            .at("/checks/upstream")
                            .get("last_error")
                            .asString())
                    .isNotEmpty();

            feed = Services.startFeed(
                    feedPort,
                    "--VELDRA_DEMO_FEED_SCENARIO=mainnet_like",
                    "--VELDRA_DEMO_FEED_SEED=3",
                    "--VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS=30",
                    "--VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS=3600");
            Await.until(
                    "the first full-size frame",
                    Duration.ofSeconds(60),
                    Services.readinessSays(port, h -> h.get("ready").asBoolean()));
            HttpResponse<String> full = Services.post(port, GBT, null, null);
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(full.body().length()).as("reply bytes").isGreaterThan(3_500_000);
            JsonNode template = JSON.readTree(full.body()).get("result");
            assertThat(template.get("transactions").size()).isBetween(3_500, 4_600);
            long weight = 0;
            for (JsonNode tx : template.get("transactions")) {
                weight += tx.get("weight").asLong();
            }
            assertThat(weight).isBetween(3_950_000L, 3_992_000L);

            feed.close();
            feed = null;
            Await.until(
                    "the adapter to notice",
                    Duration.ofSeconds(30),
                    Services.readinessSays(
                            port,
                            h -> !h.at("/checks/upstream").get("connected").asBoolean()));
            Await.until("the grace period to end", Duration.ofSeconds(30), () -> {
                try {
                    return Services.get(port, "/ready").statusCode() == 503;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode lost =
                    JSON.readTree(Services.post(port, GBT, null, null).body()).get("error");
            assertThat(lost.get("code").asInt()).isEqualTo(-9);
            assertThat(lost.get("message").asString()).startsWith("feed not connected: connection to the feed lost");
            long reconnectsBefore = Services.readiness(port)
                    .at("/checks/upstream")
                    .get("reconnects")
                    .asLong();

            feed = Services.startFeed(
                    feedPort,
                    "--VELDRA_DEMO_FEED_SCENARIO=empty",
                    "--VELDRA_DEMO_FEED_SEED=4",
                    "--VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS=1");
            Await.until(
                    "the restarted feed",
                    Duration.ofSeconds(60),
                    Services.readinessSays(port, h -> h.get("ready").asBoolean()));
            JsonNode after =
                    JSON.readTree(Services.post(port, GBT, null, null).body()).get("result");
            assertThat(after.get("transactions").size())
                    .as("the empty scenario's template")
                    .isZero();
            assertThat(Services.readiness(port)
                            .at("/checks/upstream")
                            .get("reconnects")
                            .asLong())
                    .isGreaterThan(reconnectsBefore);
        } finally {
            adapter.close();
            if (feed != null) {
                feed.close();
            }
        }
    }
}
