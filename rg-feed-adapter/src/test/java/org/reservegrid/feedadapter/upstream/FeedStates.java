package org.reservegrid.feedadapter.upstream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/** Builds {@link FeedState}s in a chosen condition for tests outside this package. */
public final class FeedStates {
    private FeedStates() {}

    /** A state that never saw a frame. */
    public static FeedState empty() {
        return new FeedState(Duration.ofSeconds(30), new SimpleMeterRegistry());
    }

    /** A connected state whose latest frame is {@code frame}. */
    public static FeedState connectedWith(String frame, JsonMapper json) throws InvalidFrameException {
        FeedState state = empty();
        state.onConnected();
        state.onFrame(new FrameParser(json).parse(frame, System.nanoTime()));
        return state;
    }
}
