package org.reservegrid.feedadapter.upstream;

import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.spring.websocket.FeedFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.netty.resources.LoopResources;

/**
 * Keeps a WebSocket connection to the feed open and hands every valid frame to {@link FeedState}.
 *
 * <p>The connect, read, ping, idle-timeout and backoff loop is reservegrid-spring's {@link FeedFollower} (shared with
 * rg-feed-server's relay): {@link #start()} begins it, {@link #stop()} ends it. This class parses each frame (on the
 * follower's frame thread, off the event loop) and keeps {@link FeedState} and the log told of the connection.
 */
public final class FeedConnection implements SmartLifecycle, FeedFollower.Listener {
    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);

    private final String safeUrl;
    private final Optional<Secret> token;
    private final FeedState state;
    private final FrameParser parser;
    private final FeedFollower follower;

    public FeedConnection(
            URI uri,
            Optional<Secret> token,
            int maxFrameBytes,
            Duration idleTimeout,
            Duration reconnectInitial,
            Duration reconnectMax,
            FeedState state,
            FrameParser parser,
            LoopResources loops) {
        this.safeUrl = safeUrl(uri);
        this.token = token;
        this.state = state;
        this.parser = parser;
        this.follower = new FeedFollower(
                new FeedFollower.Settings(
                        uri,
                        token,
                        maxFrameBytes,
                        idleTimeout,
                        reconnectInitial,
                        reconnectMax,
                        "feed",
                        "VELDRA_FEED_TOKEN",
                        Set.of(401),
                        "feed-frames"),
                this,
                loops);
    }

    /** The feed URL without user info or query, which may carry credentials. */
    public static String safeUrl(URI uri) {
        return FeedFollower.safeUrl(uri);
    }

    public String url() {
        return safeUrl;
    }

    @Override
    public synchronized void start() {
        if (follower.isRunning()) {
            return;
        }
        log.info("Following feed {}{}", safeUrl, token.isPresent() ? " with a bearer token" : "");
        follower.start();
    }

    @Override
    public void onReconnectAttempt() {
        state.onReconnectAttempt();
    }

    @Override
    public void onConnected() {
        state.onConnected();
        log.info("Connected to feed {}", safeUrl);
    }

    @Override
    public void onCloseStatus(WebSocketCloseStatus status) {
        log.info("Feed {} closed the connection: {} {}", safeUrl, status.code(), status.reasonText());
    }

    @Override
    public void onFrame(String text) {
        try {
            state.onFrame(parser.parse(text, System.nanoTime()));
        } catch (InvalidFrameException e) {
            state.onRejected(e.getMessage());
            log.warn("Skipped a frame from {}: {}", safeUrl, e.getMessage());
        }
    }

    @Override
    public void onDisconnected(String reason, Duration reconnectIn) {
        state.onDisconnected(reason);
        log.warn("Feed {} unavailable ({}); reconnecting in {} ms", safeUrl, reason, reconnectIn.toMillis());
    }

    @Override
    public synchronized void stop() {
        follower.stop();
    }

    @Override
    public synchronized boolean isRunning() {
        return follower.isRunning();
    }
}
