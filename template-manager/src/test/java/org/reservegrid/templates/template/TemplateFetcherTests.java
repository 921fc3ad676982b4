package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.noderpc.NodeRpcClient;
import org.reservegrid.noderpc.testing.FakeNode;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.settings.RuntimeSettings;
import org.reservegrid.templates.settings.SettingsStore;
import org.reservegrid.templates.support.StubVerifier;
import org.reservegrid.templates.verifier.VerifierClient;
import org.reservegrid.testkit.Await;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the fetcher does with a template the one parse finds fault with: a problem in a field the proposal carries
 * keeps it from the verifier ({@code template_conversion_failed}, node not ready); a problem in a field only the
 * stream needs lets the verifier judge it but keeps it off the stream ({@code malformed_template}).
 */
class TemplateFetcherTests {
    private final TemplateMetrics metrics = new TemplateMetrics(new SimpleMeterRegistry());
    private final NodeHealth health = new NodeHealth(metrics);
    private final StubVerifier verifier = new StubVerifier();
    private final TemplateHub hub = new TemplateHub(
            8,
            64,
            new TemplateJson(JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .build()),
            metrics);
    private FakeNode node;
    private VerifierClient client;
    private TemplateFetcher fetcher;

    private void start(ObjectNode template) {
        node = new FakeNode(template).start();
        verifier.start();
        String address = verifier.address();
        int colon = address.lastIndexOf(':');
        client = new VerifierClient(
                InetSocketAddress.createUnresolved(
                        address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                16,
                () -> Duration.ofSeconds(10),
                metrics);
        client.start();
        SettingsStore settings =
                new SettingsStore(RuntimeSettings.validate(node.url(), null, null, 0.2, false, 120, 10, 600, 10));
        fetcher = new TemplateFetcher(
                new NodeRpcClient(new JsonMapper()),
                settings,
                ProposeConverter.stamping(2, 400),
                hub,
                client,
                metrics,
                health);
        fetcher.start();
    }

    @AfterEach
    void stop() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (client != null) {
            client.close();
        }
        verifier.close();
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aTemplateWhoseTransactionHasNoDataIsJudgedButNotStreamed() throws Exception {
        ObjectNode gbt = SharedFixtures.gbt("core-regtest-h506-4tx.json");
        ((ObjectNode) gbt.get("transactions").get(1)).remove("data");
        start(gbt);

        TemplatePropose received = verifier.nextProposal(30);

        assertThat(received).isNotNull();
        assertThat(received.withRequestId(0)).isEqualTo(GbtConverter.toPropose(gbt, 0, 2, 400));
        Await.until("malformed_template counted", () -> metrics.errorCount("malformed_template") >= 1);
        assertThat(metrics.errorCount("template_conversion_failed")).isZero();
        assertThat(health.up()).isTrue();
        assertThat(hub.latest()).isEmpty();
    }

    @Test
    void aTemplateWithMalformedBitsIsNeitherJudgedNorStreamed() throws Exception {
        ObjectNode gbt = SharedFixtures.gbt("core-regtest-h506-4tx.json");
        // rg-protocol's converter read this as 0x07fffff; the one rule refuses it.
        gbt.put("bits", "+07fffff");
        start(gbt);

        Await.until("template_conversion_failed counted", () -> metrics.errorCount("template_conversion_failed") >= 2);

        assertThat(health.up()).isFalse();
        assertThat(health.problem()).startsWith("template_conversion_failed: bits must be 8 hex characters");
        assertThat(verifier.nextProposal(1)).isNull();
        assertThat(metrics.errorCount("malformed_template")).isZero();
        assertThat(hub.latest()).isEmpty();
    }

    @Test
    void aGoodTemplateIsJudgedAndStreamedAsParsedOnce() throws Exception {
        ObjectNode gbt = SharedFixtures.gbt("core-signet-h956-4tx.json");
        start(gbt);

        TemplatePropose received = verifier.nextProposal(30);
        Await.until("the template is streamed", () -> hub.latest().isPresent());

        assertThat(received).isNotNull();
        assertThat(received.withRequestId(0)).isEqualTo(GbtConverter.toPropose(gbt, 0, 2, 400));
        TemplateRecord record = hub.latest().orElseThrow();
        assertThat(record.template()).isEqualTo(GbtParser.parse(gbt));
        assertThat(record.propose()).isEqualTo(received.withRequestId(0));
        assertThat(health.up()).isTrue();
        assertThat(metrics.errorCount("malformed_template")).isZero();
        assertThat(metrics.errorCount("template_conversion_failed")).isZero();
    }
}
