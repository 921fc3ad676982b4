package org.reservegrid.feedserver.upstream;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.broadcast.Frame;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.reservegrid.spring.websocket.FeedFollower;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows another feed server's {@code /ws} (a relay chain) and rebroadcasts its frames under this server's own
 * {@code seq}, so subscribers never see a sequence go back when the upstream restarts; a frame whose template equals
 * the previous one (the latest frame the upstream replays on each reconnect) is not sent again. The connection loop
 * (permessage-deflate offered, a ping every third of the idle timeout, dropped when nothing arrives for the whole
 * timeout, re-dialled with exponential backoff and jitter reset by a connection that delivered a frame) is
 * reservegrid-spring's {@link FeedFollower}, the same one rg-feed-adapter's FeedConnection uses; it also writes the
 * connection's log lines and is the lifecycle bean the configuration registers ({@link #follower()}).
 */
public final class RelayFeed implements FeedFollower.Listener {
    private static final Logger log = LoggerFactory.getLogger(RelayFeed.class);

    private final JsonMapper json;
    private final Broadcaster broadcaster;
    private final UpstreamStatus status;
    private final FeedFollower follower;
    private @Nullable JsonNode lastTemplate;

    public RelayFeed(
            FeedServerSettings.RelayUpstream settings,
            JsonMapper json,
            Broadcaster broadcaster,
            UpstreamStatus status) {
        this.json = json;
        this.broadcaster = broadcaster;
        this.status = status;
        this.follower = new FeedFollower(
                new FeedFollower.Settings(
                        settings.url(),
                        settings.token(),
                        settings.maxFrameBytes(),
                        settings.idleTimeout(),
                        settings.reconnectInitial(),
                        settings.reconnectMax(),
                        "upstream",
                        FeedServerSettings.UPSTREAM_TOKEN,
                        Set.of(401, 403),
                        "feed-server-relay"),
                this,
                null);
    }

    /** The loop that follows the upstream: started and stopped by the application context. */
    public FeedFollower follower() {
        return follower;
    }

    @Override
    public void onConnected() {
        status.onConnected();
    }

    /** Checks the frame's shape, renumbers it and broadcasts it; anything else is logged and skipped. */
    @Override
    public void onFrame(String text) {
        JsonNode parsed;
        try {
            parsed = json.readTree(text);
        } catch (JacksonException e) {
            log.warn("Skipped a frame from {}: not valid JSON", follower.url());
            return;
        }
        if (!(parsed instanceof ObjectNode frame)
                || !"gbt".equals(frame.path("type").asString(""))
                || !(frame.get("template") instanceof ObjectNode template)) {
            log.warn("Skipped a frame from {}: not a gbt frame with a template object", follower.url());
            return;
        }
        long height = template.path("height").asLong(0);
        if (template.equals(lastTemplate)) {
            status.onFrame(height); // the upstream is alive and current; subscribers already have this one
            return;
        }
        lastTemplate = template;
        long seq = broadcaster.nextSeq();
        frame.put("seq", seq);
        String event = frame.path("event").asString("template");
        broadcaster.publish(new Frame(seq, event, height, json.writeValueAsBytes(frame)));
        status.onFrame(height);
    }

    @Override
    public void onDisconnected(String reason, Duration reconnectIn) {
        status.onFailure(reason);
    }
}
