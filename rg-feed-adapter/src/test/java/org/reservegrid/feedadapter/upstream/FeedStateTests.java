package org.reservegrid.feedadapter.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.reservegrid.demofeed.simulation.FeedSimulator;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** What the adapter may serve around a lost connection. */
class FeedStateTests {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private static FeedSnapshot frame(int seed) throws InvalidFrameException {
        String text = new String(
                new FeedSimulator(new SimulationSettings(
                                Scenario.NORMAL,
                                seed,
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(10),
                                SimulationSettings.BlockTiming.FIXED,
                                1_750_000_000L,
                                900_000))
                        .next()
                        .json(),
                StandardCharsets.UTF_8);
        return new FrameParser(JSON).parse(text, System.nanoTime());
    }

    @Test
    void withinTheGracePeriodTheLastTemplateIsStillServed() throws Exception {
        FeedState state = new FeedState(Duration.ofMinutes(5), new SimpleMeterRegistry());
        state.onConnected();
        FeedSnapshot first = frame(1);
        state.onFrame(first);
        state.onDisconnected("feed restarting");
        assertThat(state.usable()).isSameAs(first);
        state.onConnected();
        assertThat(state.usable()).isSameAs(first);
    }

    @Test
    void afterTheGracePeriodAReconnectServesNothingUntilTheNewFeedsFirstFrame() throws Exception {
        FeedState state = new FeedState(Duration.ZERO, new SimpleMeterRegistry());
        state.onConnected();
        state.onFrame(frame(1));
        state.onDisconnected("feed gone");
        assertThat(state.usable()).isNull();
        assertThat(state.unavailableReason()).startsWith("feed not connected: connection to the feed lost");

        state.onConnected();
        assertThat(state.usable()).as("the template from before the loss").isNull();
        assertThat(state.unavailableReason()).startsWith("feed reconnected: waiting for its first template");

        FeedSnapshot fresh = frame(2);
        state.onFrame(fresh);
        assertThat(state.usable()).isSameAs(fresh);
    }
}
