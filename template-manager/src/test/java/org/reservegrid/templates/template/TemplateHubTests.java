package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.verifier.VerdictOutcome;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class TemplateHubTests {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    private final TemplateMetrics metrics = new TemplateMetrics(new SimpleMeterRegistry());
    private final TemplateJson json = new TemplateJson(MAPPER);
    private final TemplateHub hub = new TemplateHub(3, 8, json, metrics);

    private TemplateRecord record(long sequence) {
        ObjectNode gbt = SharedFixtures.gbt("core-signet-h956-4tx.json");
        BlockTemplate template = GbtParser.parse(gbt);
        TemplatePropose propose = template.propose(2, 400);
        TemplateRecord record = new TemplateRecord(
                sequence,
                propose,
                TemplateFingerprint.of(propose, null),
                "poll",
                1_000 + sequence,
                2_000_000,
                1_001 + sequence);
        record.describe(template);
        return record;
    }

    private static VerdictOutcome accepted(long requestId) {
        return new VerdictOutcome.Judged(
                requestId,
                TemplateVerdict.accept(requestId, VerdictContext.empty(FeeTier.LO, 5, 10)),
                1_500_000,
                5_000);
    }

    private static List<String> ids(List<StreamEvent> events) {
        return events.stream().map(StreamEvent::id).toList();
    }

    @Test
    void subscribersSeeEachTemplateBeforeItsVerdictInPublicationOrder() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        Disposable subscription = hub.subscribe("0").subscribe(events::add);
        TemplateRecord one = record(1);
        TemplateRecord two = record(2);

        hub.publish(one);
        hub.publish(two);
        hub.verdict(two, accepted(8));
        hub.verdict(one, new VerdictOutcome.TimedOut(7, 2_000_000_000L, 6_000));

        assertThat(ids(events)).containsExactly("1", "2", "2-v", "1-v");
        assertThat(events).extracting(StreamEvent::name).containsExactly("template", "template", "verdict", "verdict");
        subscription.dispose();
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void aTemplateEventCarriesWhatTheGatewayNeeds() {
        TemplateRecord one = record(1);
        hub.publish(one);

        JsonNode body = MAPPER.readTree(one.templateJson());

        assertThat(body.get("sequence").asLong()).isEqualTo(1);
        assertThat(body.get("received_at").asLong()).isEqualTo(1_001);
        assertThat(body.get("fetch_ms").asDouble()).isEqualTo(2.0);
        assertThat(body.get("height").asLong()).isEqualTo(956);
        assertThat(body.get("prev_hash").asString()).startsWith("000002d6");
        assertThat(body.get("bits").asString()).isEqualTo("1e0377ae");
        assertThat(body.get("target").asString()).startsWith("00000377ae");
        assertThat(body.get("coinbase_value").asLong()).isEqualTo(5000056400L);
        assertThat(body.get("curtime").asLong()).isEqualTo(1760780546L);
        assertThat(body.get("mintime").asLong()).isEqualTo(1760780492L);
        assertThat(body.get("version").asLong()).isEqualTo(536870912L);
        assertThat(body.get("default_witness_commitment").get("form").asString())
                .isEqualTo("script");
        assertThat(body.get("tx_count").asInt()).isEqualTo(4);
        assertThat(body.get("proposal").get("coinbase_sigops").asLong()).isEqualTo(400);
        JsonNode tx = body.get("transactions").get(0);
        assertThat(tx.propertyNames()).contains("data", "txid", "hash", "fee", "weight", "sigops", "depends");
    }

    @Test
    void aVerdictEventCarriesTheOutcomeAndThePolicyContext() {
        TemplateRecord one = record(1);
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        hub.subscribe("1").subscribe(events::add);

        hub.publish(one);
        hub.verdict(one, accepted(9));

        JsonNode verdict = MAPPER.readTree(events.getLast().data());
        assertThat(verdict.get("sequence").asLong()).isEqualTo(1);
        assertThat(verdict.get("outcome").asString()).isEqualTo("accepted");
        assertThat(verdict.get("accepted").asBoolean()).isTrue();
        assertThat(verdict.get("request_id").asLong()).isEqualTo(9);
        assertThat(verdict.get("verdict_latency_ms").asDouble()).isEqualTo(1.5);
        assertThat(verdict.get("context").get("tier").asString()).isEqualTo("lo");
        assertThat(verdict.get("context").get("mempool_tx_count").asLong()).isEqualTo(5);
    }

    @Test
    void aVerdictThatBeatsItsTemplatesPublicationFollowsItOnTheStream() {
        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        hub.subscribe("0").subscribe(events::add);
        TemplateRecord one = record(1);

        hub.verdict(one, accepted(4));
        assertThat(events).isEmpty();
        hub.publish(one);

        assertThat(ids(events)).containsExactly("1", "1-v");
    }

    @Test
    void aNewSubscriberGetsTheNewestTemplateAndItsVerdictFirst() {
        TemplateRecord one = record(1);
        TemplateRecord two = record(2);
        hub.publish(one);
        hub.publish(two);
        hub.verdict(two, accepted(3));

        List<StreamEvent> events = new CopyOnWriteArrayList<>();
        hub.subscribe(null).subscribe(events::add);

        assertThat(ids(events)).containsExactly("2", "2-v");
    }

    @Test
    void resumingAfterAnEventIdReplaysWhatWasMissedFromTheRetainedHistory() {
        TemplateRecord one = record(1);
        TemplateRecord two = record(2);
        TemplateRecord three = record(3);
        hub.publish(one);
        hub.publish(two);
        hub.verdict(one, accepted(1));
        hub.publish(three);
        hub.verdict(three, accepted(3));

        List<StreamEvent> afterOne = new CopyOnWriteArrayList<>();
        hub.subscribe("1").subscribe(afterOne::add);
        List<StreamEvent> afterTwosVerdict = new CopyOnWriteArrayList<>();
        hub.subscribe("2-v").subscribe(afterTwosVerdict::add);

        assertThat(ids(afterOne)).containsExactly("1-v", "2", "3", "3-v");
        assertThat(ids(afterTwosVerdict)).containsExactly("3", "3-v");
        assertThat(hub.recent(10)).extracting(TemplateRecord::sequence).containsExactly(3L, 2L, 1L);
    }

    @Test
    void closingTheHubEndsEveryStreamAndRefusesNewOnes() {
        AtomicBoolean ended = new AtomicBoolean();
        hub.subscribe(null).subscribe(event -> {}, error -> {}, () -> ended.set(true));

        hub.close();

        assertThat(ended).isTrue();
        assertThat(hub.subscriberCount()).isZero();
        AtomicBoolean late = new AtomicBoolean();
        hub.subscribe(null).subscribe(event -> {}, error -> {}, () -> late.set(true));
        assertThat(late).isTrue();
    }

    @Test
    void historyIsBounded() {
        for (long sequence = 1; sequence <= 5; sequence++) {
            hub.publish(record(sequence));
        }

        assertThat(hub.recent(10)).extracting(TemplateRecord::sequence).containsExactly(5L, 4L, 3L);
        assertThat(hub.find(1)).isEmpty();
        assertThat(hub.latest()).get().extracting(TemplateRecord::sequence).isEqualTo(5L);
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedInsteadOfBufferingForever() {
        AtomicBoolean completed = new AtomicBoolean();
        hub.subscribe("0").subscribe(new BaseSubscriber<StreamEvent>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                // requests nothing: a stalled client
            }

            @Override
            protected void hookOnComplete() {
                completed.set(true);
            }
        });

        for (long sequence = 1; sequence <= 12; sequence++) {
            hub.publish(record(sequence));
        }

        assertThat(completed).isTrue();
        assertThat(hub.subscriberCount()).isZero();
        assertThat(metrics.errorCount("stream_subscriber_overflow")).isEqualTo(1.0);
    }
}
