package org.reservegrid.demofeed.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A seed replays a stream byte for byte; a different seed gives a different stream. */
class DeterminismTests {

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = "MAINNET_LIKE", mode = EnumSource.Mode.EXCLUDE)
    void theSameSeedReplaysTheStreamByteForByte(Scenario scenario) {
        FeedSimulator first = new FeedSimulator(ScenarioTemplateTests.settings(scenario, 77));
        FeedSimulator second = new FeedSimulator(ScenarioTemplateTests.settings(scenario, 77));
        for (int i = 0; i < 20; i++) {
            SimulatedFrame a = first.next();
            SimulatedFrame b = second.next();
            assertThat(b.offset()).isEqualTo(a.offset());
            assertThat(b.json()).isEqualTo(a.json());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = "MAINNET_LIKE")
    void theSameSeedReplaysFullSizeTemplatesByteForByte(Scenario scenario) {
        FeedSimulator first = new FeedSimulator(ScenarioTemplateTests.settings(scenario, 78));
        FeedSimulator second = new FeedSimulator(ScenarioTemplateTests.settings(scenario, 78));
        for (int i = 0; i < 2; i++) {
            assertThat(second.next().json()).isEqualTo(first.next().json());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = "EMPTY", mode = EnumSource.Mode.EXCLUDE)
    void differentSeedsGiveDifferentTransactionsAndBlocks(Scenario scenario) {
        FeedSimulator first = new FeedSimulator(ScenarioTemplateTests.settings(scenario, 1));
        FeedSimulator second = new FeedSimulator(ScenarioTemplateTests.settings(scenario, 2));
        SimulatedFrame a = first.next();
        SimulatedFrame b = second.next();
        assertThat(b.summary().previousBlockHash()).isNotEqualTo(a.summary().previousBlockHash());
        assertThat(b.json()).isNotEqualTo(a.json());
    }

    @Property(tries = 5)
    void anySeedGivesWellFormedTemplates(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int scenarioIndex) {
        Scenario scenario = List.of(Scenario.NORMAL, Scenario.EMPTY, Scenario.FEE_SWEEP, Scenario.REORG, Scenario.STALE)
                .get(scenarioIndex);
        for (ScenarioTemplateTests.Frame frame : ScenarioTemplateTests.play(scenario, seed, 3)) {
            TemplateChecks.assertWellFormed(frame.template());
        }
    }
}
