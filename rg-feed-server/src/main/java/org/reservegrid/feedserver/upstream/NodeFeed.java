package org.reservegrid.feedserver.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.retry.Backoff;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.broadcast.Frame;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.reservegrid.noderpc.NodeEndpoint;
import org.reservegrid.noderpc.NodeErrorKind;
import org.reservegrid.noderpc.NodeRpcClient;
import org.reservegrid.noderpc.NodeRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows a node with getblocktemplate long polling (rg-node-rpc's client, as template-manager uses it) and
 * publishes each answer as a frame. The loop asks with the last {@code longpollid}; the node answers when it has
 * new work. A long poll still open after the refresh interval is abandoned for a plain call, so a frame goes out
 * at least every interval (fresh {@code curtime}, and the mempool the node saw). Each frame carries the template as
 * the node sent it (field order kept), the tip from {@code getblockheader} and the node's {@code getmempoolinfo}
 * fields. A failing node marks the upstream down and is retried with exponential backoff and jitter.
 */
public final class NodeFeed implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(NodeFeed.class);
    /** Least time between two calls, so a node whose long poll answers at once cannot spin the loop. */
    private static final Duration MIN_GAP = Duration.ofMillis(250);

    private static final List<String> MEMPOOL_FIELDS = List.of("size", "bytes", "usage", "total_fee");

    private final FeedServerSettings.NodeUpstream settings;
    private final NodeEndpoint endpoint;
    private final NodeRpcClient rpc;
    private final JsonMapper json;
    private final Broadcaster broadcaster;
    private final UpstreamStatus status;
    private final Backoff backoff;
    private volatile boolean running;
    private @Nullable Thread thread;
    private @Nullable String lastPrevHash;
    private @Nullable ObjectNode lastTip;

    public NodeFeed(
            FeedServerSettings.NodeUpstream settings,
            NodeRpcClient rpc,
            JsonMapper json,
            Broadcaster broadcaster,
            UpstreamStatus status) {
        this.settings = settings;
        this.endpoint = new NodeEndpoint(settings.url(), settings.user(), settings.password());
        this.rpc = rpc;
        this.json = json;
        this.broadcaster = broadcaster;
        this.status = status;
        this.backoff = Backoff.exponential(settings.reconnectInitial(), settings.reconnectMax())
                .withEqualJitter(RandomGenerator.getDefault());
    }

    private void loop() {
        log.info(
                "Following node {} (long poll, refresh every {} ms)",
                endpoint,
                settings.refresh().toMillis());
        String longPollId = null;
        while (running) {
            long started = System.nanoTime();
            try {
                JsonNode template = fetch(longPollId);
                publish(template);
                JsonNode id = template.get("longpollid");
                longPollId = id != null && id.isString() ? id.asString() : null;
                backoff.reset();
                pause(MIN_GAP.minusNanos(System.nanoTime() - started));
            } catch (NodeRpcException e) {
                longPollId = null;
                status.onFailure(e.kind().label() + ": " + e.getMessage());
                Duration delay = backoff.next();
                log.warn("Node {} failed ({}); retrying in {} ms", endpoint, e.getMessage(), delay.toMillis());
                pause(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                longPollId = null;
                status.onFailure("unexpected answer: " + e.getClass().getSimpleName());
                log.warn("Node {} answered something unusable", endpoint, e);
                pause(backoff.next());
            }
        }
    }

    private JsonNode fetch(@Nullable String longPollId) throws InterruptedException {
        if (longPollId == null) {
            return rpc.getBlockTemplate(endpoint, null, settings.rpcTimeout());
        }
        try {
            return rpc.getBlockTemplate(endpoint, longPollId, settings.refresh());
        } catch (NodeRpcException e) {
            if (e.kind() != NodeErrorKind.TIMEOUT) {
                throw e;
            }
            // Nothing new within the refresh interval: a plain call refreshes curtime and the mempool's view.
            return rpc.getBlockTemplate(endpoint, null, settings.rpcTimeout());
        }
    }

    private void publish(JsonNode template) throws InterruptedException {
        String prevHash = template.path("previousblockhash").asString("");
        long height = template.path("height").asLong(0);
        String event = lastPrevHash == null || lastPrevHash.equals(prevHash) ? "template" : "block";
        if (!prevHash.equals(lastPrevHash)) {
            lastTip = tip(prevHash, height - 1);
            lastPrevHash = prevHash;
        }
        long seq = broadcaster.nextSeq();
        ObjectNode frame = json.createObjectNode();
        frame.put("type", "gbt");
        frame.put("seq", seq);
        frame.put("scenario", "node");
        frame.put("event", event);
        frame.set("tip", Objects.requireNonNull(lastTip));
        ObjectNode mempool = mempool();
        if (mempool != null) {
            frame.set("mempool", mempool);
        }
        frame.set("template", template);
        broadcaster.publish(new Frame(seq, event, height, json.writeValueAsBytes(frame)));
        status.onFrame(height);
    }

    /** The tip block's hash and height, plus its time and median time when the node tells them. */
    private ObjectNode tip(String hash, long height) throws InterruptedException {
        ObjectNode tip = json.createObjectNode();
        tip.put("hash", hash);
        tip.put("height", height);
        try {
            JsonNode header = rpc.callBlocking(
                    endpoint, "getblockheader", json.createArrayNode().add(hash).add(true), settings.rpcTimeout());
            for (String field : List.of("time", "mediantime")) {
                if (header.path(field).isIntegralNumber() && header.path(field).canConvertToLong()) {
                    tip.put(field, header.get(field).asLong());
                }
            }
        } catch (NodeRpcException e) {
            log.debug("getblockheader {} failed: {}", hash, e.getMessage());
        }
        return tip;
    }

    /** getmempoolinfo's fields that the feed protocol carries, or null when the node does not answer it. */
    private @Nullable ObjectNode mempool() throws InterruptedException {
        try {
            JsonNode info = rpc.callBlocking(endpoint, "getmempoolinfo", json.createArrayNode(), settings.rpcTimeout());
            ObjectNode mempool = json.createObjectNode();
            for (String field : MEMPOOL_FIELDS) {
                JsonNode value = info.get(field);
                if (value != null && value.isNumber()) {
                    mempool.set(field, value);
                }
            }
            return mempool.has("size") ? mempool : null;
        } catch (NodeRpcException e) {
            log.debug("getmempoolinfo failed: {}", e.getMessage());
            return null;
        }
    }

    private void pause(Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("feed-server-node").start(this::loop);
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
            thread = null;
        }
        rpc.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
