package org.reservegrid.demofeed.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every scenario's templates are well formed, and each scenario does what its name promises. */
class ScenarioTemplateTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final long START_TIME = 1_750_000_000L;

    /** Ten-second templates and one-minute blocks in simulated time; the simulator never sleeps. */
    static SimulationSettings settings(Scenario scenario, long seed) {
        return settings(scenario, seed, Duration.ofSeconds(10));
    }

    static SimulationSettings settings(Scenario scenario, long seed, Duration templateInterval) {
        return new SimulationSettings(
                scenario,
                seed,
                templateInterval,
                Duration.ofMinutes(1),
                SimulationSettings.BlockTiming.EXPONENTIAL,
                START_TIME,
                900_000);
    }

    record Frame(SimulatedFrame frame, JsonNode json) {
        JsonNode template() {
            return json.get("template");
        }

        String event() {
            return json.get("event").asString();
        }

        int height() {
            return template().get("height").asInt();
        }

        String previous() {
            return template().get("previousblockhash").asString();
        }
    }

    static List<Frame> play(Scenario scenario, long seed, int count) {
        return play(settings(scenario, seed), count);
    }

    static List<Frame> play(SimulationSettings settings, int count) {
        FeedSimulator simulator = new FeedSimulator(settings);
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SimulatedFrame frame = simulator.next();
            frames.add(new Frame(frame, JSON.readTree(frame.json())));
        }
        return frames;
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = "MAINNET_LIKE", mode = EnumSource.Mode.EXCLUDE)
    void everyTemplateOfTheScenarioIsWellFormed(Scenario scenario) {
        long previousSeq = 0;
        for (Frame frame : play(scenario, 11, 16)) {
            assertThat(frame.json().get("type").asString()).isEqualTo("gbt");
            assertThat(frame.json().get("scenario").asString()).isEqualTo(scenario.id());
            assertThat(frame.json().get("seq").asLong()).isEqualTo(previousSeq + 1);
            previousSeq = frame.json().get("seq").asLong();
            TemplateChecks.Totals totals = TemplateChecks.assertWellFormed(frame.template());
            JsonNode tip = frame.json().get("tip");
            assertThat(tip.get("hash").asString()).isEqualTo(frame.previous());
            assertThat(tip.get("height").asInt()).isEqualTo(frame.height() - 1);
            assertThat(frame.template().get("mintime").asLong())
                    .isEqualTo(tip.get("mediantime").asLong() + 1);
            JsonNode mempool = frame.json().get("mempool");
            assertThat(mempool.get("size").asLong()).isGreaterThanOrEqualTo(totals.count());
            assertThat(mempool.get("bytes").asLong()).isGreaterThanOrEqualTo(totals.weight() / 4);
            assertThat(mempool.get("total_fee").decimalValue().movePointRight(8).longValueExact())
                    .isGreaterThanOrEqualTo(totals.fees());
        }
    }

    @Test
    void mainnetLikeTemplatesAreFullSizeBlocks() {
        for (Frame frame : play(Scenario.MAINNET_LIKE, 5, 2)) {
            TemplateChecks.Totals totals = TemplateChecks.assertWellFormed(frame.template());
            assertThat(totals.count()).isBetween(3_500, 4_600);
            assertThat(totals.weight()).isBetween(3_950_000L, 3_992_000L);
            assertThat(totals.serializedBytes()).as("block size").isBetween(1_500_000L, 2_500_000L);
            assertThat(frame.frame().json().length).as("frame JSON bytes").isBetween(3_500_000, 6_000_000);
            assertThat(frame.json().get("mempool").get("size").asLong()).isGreaterThan(30_000);
            assertThat(totals.fees()).as("fees between 0.01 and 1 BTC").isBetween(1_000_000L, 100_000_000L);

            List<Double> rates = new ArrayList<>();
            for (JsonNode tx : frame.template().get("transactions")) {
                rates.add(tx.get("fee").asDouble() / ((tx.get("weight").asInt() + 3) / 4));
            }
            rates.sort(null);
            double median = rates.get(rates.size() / 2);
            double top = rates.get(rates.size() - 1);
            assertThat(top / median).as("a long tail of urgent transactions").isGreaterThan(10);
            assertThat(rates.get(rates.size() / 10))
                    .as("most pay near the floor")
                    .isGreaterThan(median / 3);
        }
    }

    @Test
    void emptyTemplatesCarryOnlyTheSubsidy() {
        for (Frame frame : play(Scenario.EMPTY, 3, 20)) {
            assertThat(frame.template().get("transactions").size()).isZero();
            assertThat(frame.template().get("coinbasevalue").asLong()).isEqualTo(312_500_000L);
            assertThat(frame.json().get("mempool").get("size").asLong()).isZero();
        }
    }

    @Test
    void feeSweepCrossesTheVerifierFeeTiersWithinOnePeriod() {
        double lowestAverageFee = Double.MAX_VALUE;
        double highestAverageFee = 0;
        long smallestMempool = Long.MAX_VALUE;
        long largestMempool = 0;
        for (Frame frame : play(Scenario.FEE_SWEEP, 3, 13)) {
            TemplateChecks.Totals totals = TemplateChecks.assertWellFormed(frame.template());
            double average = (double) totals.fees() / totals.count();
            lowestAverageFee = Math.min(lowestAverageFee, average);
            highestAverageFee = Math.max(highestAverageFee, average);
            long size = frame.json().get("mempool").get("size").asLong();
            smallestMempool = Math.min(smallestMempool, size);
            largestMempool = Math.max(largestMempool, size);
        }
        // The default policy's tiers sit at 1, 2,000 and 5,000 sat average fee and 0 / 50 mempool transactions.
        assertThat(lowestAverageFee).isLessThan(2_000);
        assertThat(highestAverageFee).isGreaterThan(5_000);
        assertThat(smallestMempool).isLessThan(50);
        assertThat(largestMempool).isGreaterThan(2_000);
    }

    @Test
    void reorgFramesReplaceTheTipAtTheSameHeightOrOneHigher() {
        List<Frame> frames = play(settings(Scenario.REORG, 9, Duration.ofSeconds(40)), 40);
        int sameHeight = 0;
        int deeper = 0;
        for (int i = 1; i < frames.size(); i++) {
            Frame before = frames.get(i - 1);
            Frame frame = frames.get(i);
            if (!frame.event().equals("reorg")) {
                continue;
            }
            JsonNode reorg = frame.json().get("reorg");
            assertThat(reorg.get("old_tip").asString()).isEqualTo(before.previous());
            assertThat(frame.previous()).isNotEqualTo(before.previous());
            if (reorg.get("depth").asInt() == 1) {
                assertThat(frame.height()).isEqualTo(before.height());
                sameHeight++;
            } else {
                assertThat(reorg.get("depth").asInt()).isEqualTo(2);
                assertThat(frame.height()).isEqualTo(before.height() + 1);
                deeper++;
            }
        }
        assertThat(sameHeight).isPositive();
        assertThat(deeper).isPositive();
    }

    @Test
    void staleFramesRepeatTheTemplateByteForByteUntilTheSourceRecovers() {
        List<Frame> frames = play(Scenario.STALE, 4, 30);
        int staleRuns = 0;
        for (int i = 1; i < frames.size(); i++) {
            Frame before = frames.get(i - 1);
            Frame frame = frames.get(i);
            if (frame.event().equals("stale")) {
                assertThat(frame.template()).isEqualTo(before.template());
                assertThat(frame.frame().offset()).isGreaterThan(before.frame().offset());
                if (!before.event().equals("stale")) {
                    staleRuns++;
                }
            } else if (before.event().equals("stale")) {
                assertThat(frame.template().get("longpollid").asString())
                        .isNotEqualTo(before.template().get("longpollid").asString());
                assertThat(frame.template().get("curtime").asLong())
                        .isGreaterThan(before.template().get("curtime").asLong());
            }
        }
        assertThat(staleRuns).isGreaterThanOrEqualTo(2);
    }

    @Test
    void blocksMoveTheTipByOneAndRefreshesKeepIt() {
        List<Frame> frames = play(Scenario.NORMAL, 21, 40);
        int blocks = 0;
        for (int i = 1; i < frames.size(); i++) {
            Frame before = frames.get(i - 1);
            Frame frame = frames.get(i);
            assertThat(frame.frame().offset())
                    .isGreaterThanOrEqualTo(before.frame().offset());
            if (frame.event().equals("block")) {
                blocks++;
                assertThat(frame.height()).isEqualTo(before.height() + 1);
                assertThat(frame.previous()).isNotEqualTo(before.previous());
            } else {
                assertThat(frame.event()).isEqualTo("template");
                assertThat(frame.height()).isEqualTo(before.height());
                assertThat(frame.previous()).isEqualTo(before.previous());
                assertThat(frame.template().get("curtime").asLong())
                        .isGreaterThanOrEqualTo(before.template().get("curtime").asLong());
            }
        }
        assertThat(blocks).isGreaterThan(3);
    }
}
