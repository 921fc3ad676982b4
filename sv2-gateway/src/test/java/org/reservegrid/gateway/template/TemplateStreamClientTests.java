package org.reservegrid.gateway.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.stub.StubTemplateManager;

/** The stream client against a real HTTP server that ends streams and comes back. */
class TemplateStreamClientTests {

    @Test
    void itReconnectsAfterTheStreamEndsAndResumesFromTheLastEventId() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        try (StubTemplateManager stub = new StubTemplateManager();
                TemplateStreamClient client = new TemplateStreamClient(
                        URI.create(stub.url()), (name, data, nanos) -> events.add(name + ":" + data))) {
            client.start();
            Await.until("connected", () -> stub.subscribers() == 1);
            stub.publishTemplate(5, "{\"n\":5}");
            stub.publishVerdict(5, "{\"v\":5}");
            Await.until("two events", () -> events.size() == 2);
            assertThat(events).containsExactly("template:{\"n\":5}", "verdict:{\"v\":5}");
            assertThat(client.lastEventId()).isEqualTo("5-v");

            stub.dropSubscribers();
            Await.until("reconnected", () -> stub.streamConnections() == 2 && stub.subscribers() == 1);
            assertThat(stub.lastEventIds()).containsExactly("", "5-v");
            Await.until("connected flag", client::connected);
            // The stub replays its newest template to every new subscriber, as template-manager does without an id.
            stub.publishTemplate(6, "{\"n\":6}");
            Await.until("event after reconnect", () -> events.contains("template:{\"n\":6}"));
        }
    }

    @Test
    void withNothingListeningItKeepsRetryingWithBoundedBackoff() throws Exception {
        assertThat(TemplateStreamClient.reconnectBackoff().delay(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(TemplateStreamClient.reconnectBackoff().delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(TemplateStreamClient.reconnectBackoff().delay(50)).isEqualTo(Duration.ofSeconds(10));
        try (TemplateStreamClient client =
                new TemplateStreamClient(URI.create("http://127.0.0.1:9"), (name, data, nanos) -> {})) {
            client.start();
            Await.until("a second attempt", () -> client.connects() >= 2);
            assertThat(client.connected()).isFalse();
            assertThat(client.problem()).isNotNull();
        }
    }
}
