package org.reservegrid.templates.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reservegrid.noderpc.testing.SharedFixtures;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.bench.LargeTemplate;
import org.reservegrid.templates.metrics.TemplateMetrics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class TemplateDiffTests {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();
    /** The fixture's four transactions, in block order; each pays 14,100 sat and weighs 561 WU. */
    private static final List<String> FIXTURE_TXIDS = List.of(
            "74d7b9bf9f51dd7447e117b6a835a20b6f7d5d807285d1435da37574563ca525",
            "a3744f49fe8c8c64973731fd5f08980718498616f3c09eeb185cc886a8b9aa73",
            "4268b761a00548d2f04629b2c2b51c23608db352db4572126ff756a512db2bb2",
            "45bf7923a0afa64816c9080c5a0aea45975f1432644f8b6c9fe34865da04c0f3");

    private static ObjectNode fixture() {
        return SharedFixtures.gbt("core-signet-h956-4tx.json");
    }

    /** A transaction of the fixture's shape with its own txid (64 hex digits from {@code n}), fee and weight. */
    private static ObjectNode transaction(ObjectNode gbt, int n, long fee, long weight) {
        ObjectNode copy = ((ObjectNode) gbt.get("transactions").get(0)).deepCopy();
        String txid = String.format("%064x", n);
        copy.put("txid", txid);
        copy.put("hash", txid);
        copy.put("fee", fee);
        copy.put("weight", weight);
        return copy;
    }

    private static TemplateRecord record(long sequence, JsonNode gbt) {
        BlockTemplate template = GbtParser.parse(gbt);
        TemplatePropose propose = template.propose(2, 400);
        TemplateRecord record = new TemplateRecord(
                sequence, propose, TemplateFingerprint.of(propose, null), "poll", 1_000, 1_000_000, 1_001);
        record.describe(template);
        return record;
    }

    @Test
    void addedAndRemovedTransactionsAreMatchedByTxidWithTheirFeesAndWeightsHighestFeeFirst() {
        ObjectNode before = fixture();
        ObjectNode after = fixture();
        ArrayNode transactions = (ArrayNode) after.get("transactions");
        transactions.remove(0);
        transactions.add(transaction(after, 1, 900, 400));
        transactions.add(transaction(after, 2, 50_000, 800));
        transactions.add(transaction(after, 3, 20_000, 600));
        after.put("height", 957);

        TemplateDiff diff = TemplateDiff.between(record(8, after), record(7, before), 100);

        assertThat(diff.sequence()).isEqualTo(8);
        assertThat(diff.previousSequence()).isEqualTo(7);
        assertThat(diff.height()).isEqualTo(957);
        assertThat(diff.previousHeight()).isEqualTo(956);
        assertThat(diff.added())
                .containsExactly(
                        new TemplateDiff.Change(String.format("%064x", 2), 50_000, 800),
                        new TemplateDiff.Change(String.format("%064x", 3), 20_000, 600),
                        new TemplateDiff.Change(String.format("%064x", 1), 900, 400));
        assertThat(diff.removed()).containsExactly(new TemplateDiff.Change(FIXTURE_TXIDS.getFirst(), 14_100, 561));
        assertThat(diff.addedCount()).isEqualTo(3);
        assertThat(diff.removedCount()).isEqualTo(1);
        assertThat(diff.txCountDelta()).isEqualTo(2);
        assertThat(diff.feeDelta()).isEqualTo(900 + 50_000 + 20_000 - 14_100);
        assertThat(diff.weightDelta()).isEqualTo(400 + 800 + 600 - 561);
    }

    @Test
    void theListsStopAtTheLimitWhileTheCountsStayComplete() {
        ObjectNode before = fixture();
        ObjectNode after = fixture();
        ((ArrayNode) after.get("transactions")).removeAll();

        TemplateDiff two = TemplateDiff.between(record(2, after), record(1, before), 2);
        TemplateDiff none = TemplateDiff.between(record(2, after), record(1, before), 0);

        // Equal fees fall back to txid order, so the cut is the same on every call.
        assertThat(two.removed())
                .extracting(TemplateDiff.Change::txid)
                .containsExactly(
                        FIXTURE_TXIDS.stream().sorted().toList().get(0),
                        FIXTURE_TXIDS.stream().sorted().toList().get(1));
        assertThat(two.removedCount()).isEqualTo(4);
        assertThat(two.addedCount()).isZero();
        assertThat(none.removed()).isEmpty();
        assertThat(none.removedCount()).isEqualTo(4);
        assertThat(none.feeDelta()).isEqualTo(-4 * 14_100);
        assertThat(none.txCountDelta()).isEqualTo(-4);
    }

    @Test
    void theSameTransactionsInAnotherOrderAreNoChange() {
        ObjectNode before = fixture();
        ObjectNode after = fixture();
        ArrayNode transactions = (ArrayNode) after.get("transactions");
        JsonNode first = transactions.remove(0);
        transactions.add(first);
        after.put("coinbasevalue", after.get("coinbasevalue").asLong() + 1);

        TemplateDiff diff = TemplateDiff.between(record(4, after), record(3, before), 100);

        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.addedCount()).isZero();
        assertThat(diff.removedCount()).isZero();
        assertThat(diff.txCountDelta()).isZero();
        assertThat(diff.feeDelta()).isZero();
        assertThat(diff.weightDelta()).isZero();
    }

    @Test
    void theOldestRetainedTemplateHasNothingToCompareWith() {
        TemplateDiff diff = TemplateDiff.between(record(1, fixture()), null, 100);

        assertThat(diff.previousSequence()).isNull();
        assertThat(diff.previousHeight()).isNull();
        assertThat(diff.txCountDelta()).isNull();
        assertThat(diff.feeDelta()).isNull();
        assertThat(diff.weightDelta()).isNull();
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.addedCount()).isZero();
        assertThat(diff.height()).isEqualTo(956);
    }

    @Test
    void aNegativeLimitIsAProgrammingError() {
        TemplateRecord one = record(1, fixture());

        assertThatThrownBy(() -> TemplateDiff.between(one, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMainnetSizedTemplateIsComparedTransactionByTransaction() {
        JsonNode large = MAPPER.readTree(LargeTemplate.json(4000, 20_261_123L));
        ObjectNode before = (ObjectNode) large.deepCopy();
        ObjectNode after = (ObjectNode) large.deepCopy();
        ArrayNode transactions = (ArrayNode) after.get("transactions");
        List<JsonNode> kept = new ArrayList<>();
        // Every fourth transaction leaves; a thousand new ones arrive.
        for (int i = 0; i < transactions.size(); i++) {
            if (i % 4 != 0) {
                kept.add(transactions.get(i));
            }
        }
        transactions.removeAll();
        transactions.addAll(kept);
        for (int i = 0; i < 1000; i++) {
            transactions.add(transaction(after, 10_000 + i, 1_000 + i, 500));
        }

        TemplateDiff diff = TemplateDiff.between(record(2, after), record(1, before), 1000);

        assertThat(diff.addedCount()).isEqualTo(1000);
        assertThat(diff.removedCount()).isEqualTo(1000);
        assertThat(diff.added()).hasSize(1000);
        assertThat(diff.added().getFirst().fee()).isEqualTo(1_999);
        assertThat(diff.removed())
                .extracting(TemplateDiff.Change::fee)
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(diff.txCountDelta()).isZero();
        long removedFees =
                diff.removed().stream().mapToLong(TemplateDiff.Change::fee).sum();
        long addedFees =
                diff.added().stream().mapToLong(TemplateDiff.Change::fee).sum();
        assertThat(diff.feeDelta()).isEqualTo(addedFees - removedFees);
    }

    @Test
    void theHubPairsATemplateWithTheNextOlderRetainedOne() {
        TemplateHub hub =
                new TemplateHub(3, 8, new TemplateJson(MAPPER), new TemplateMetrics(new SimpleMeterRegistry()));
        for (long sequence = 1; sequence <= 4; sequence++) {
            hub.publish(record(sequence, fixture()));
        }

        TemplateHub.Neighbours newest = hub.findWithPrevious(4).orElseThrow();
        TemplateHub.Neighbours oldest = hub.findWithPrevious(2).orElseThrow();

        assertThat(newest.record().sequence()).isEqualTo(4);
        assertThat(newest.previous()).isNotNull();
        assertThat(newest.previous().sequence()).isEqualTo(3);
        // 1 fell out of the history of three: 2 is now the oldest and has no neighbour.
        assertThat(oldest.previous()).isNull();
        assertThat(hub.findWithPrevious(1)).isEmpty();
        assertThat(hub.findWithPrevious(5)).isEmpty();
    }
}
