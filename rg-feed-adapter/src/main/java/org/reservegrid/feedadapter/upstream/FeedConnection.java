package org.reservegrid.feedadapter.upstream;

import java.time.Duration;
import java.util.Set;
import org.reservegrid.feedadapter.config.FeedAdapterSettings;
import org.reservegrid.spring.websocket.FeedFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.resources.LoopResources;

/**
 * The feed connection: hands every valid frame to {@link FeedState} and keeps it told of the connection.
 *
 * <p>The connect, read, ping, idle-timeout and backoff loop, its log lines and its lifecycle are reservegrid-spring's
 * {@link FeedFollower} (shared with rg-feed-server's relay), which the configuration registers as the lifecycle bean
 * ({@link #follower()}). This class parses each frame, on the follower's frame thread, off the event loop.
 */
public final class FeedConnection implements FeedFollower.Listener {
    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);

    private final FeedState state;
    private final FrameParser parser;
    private final FeedFollower follower;

    public FeedConnection(FeedAdapterSettings settings, FeedState state, FrameParser parser, LoopResources loops) {
        this.state = state;
        this.parser = parser;
        this.follower = new FeedFollower(
                new FeedFollower.Settings(
                        settings.feedUrl(),
                        settings.feedToken(),
                        settings.maxFrameBytes(),
                        settings.idleTimeout(),
                        settings.reconnectInitial(),
                        settings.reconnectMax(),
                        "feed",
                        FeedAdapterSettings.FEED_TOKEN,
                        Set.of(401),
                        "feed-frames"),
                this,
                loops);
    }

    /** The loop that follows the feed: started and stopped by the application context. */
    public FeedFollower follower() {
        return follower;
    }

    /** The feed URL without user info or query, which may carry credentials. */
    public String url() {
        return follower.url();
    }

    @Override
    public void onReconnectAttempt() {
        state.onReconnectAttempt();
    }

    @Override
    public void onConnected() {
        state.onConnected();
    }

    @Override
    public void onFrame(String text) {
        try {
            state.onFrame(parser.parse(text, System.nanoTime()));
        } catch (InvalidFrameException e) {
            state.onRejected(e.getMessage());
            log.warn("Skipped a frame from {}: {}", url(), e.getMessage());
        }
    }

    @Override
    public void onDisconnected(String reason, Duration reconnectIn) {
        state.onDisconnected(reason);
    }
}
