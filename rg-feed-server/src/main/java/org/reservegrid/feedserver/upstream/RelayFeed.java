package org.reservegrid.feedserver.upstream;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reservegrid.common.retry.Backoff;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.broadcast.Frame;
import org.reservegrid.feedserver.config.FeedServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows another feed server's {@code /ws} (a relay chain) and rebroadcasts its frames under this server's own
 * {@code seq}, so subscribers never see a sequence go back when the upstream restarts; a frame whose template equals
 * the previous one (the latest frame the upstream replays on each reconnect) is not sent again. The connection
 * offers permessage-deflate, pings every third of the idle timeout and is dropped when nothing arrives for the
 * whole timeout; it is re-dialled with exponential backoff and jitter, reset by a connection that delivered a frame
 * (the same loop as rg-feed-adapter's FeedConnection).
 */
public final class RelayFeed implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RelayFeed.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final FeedServerSettings.RelayUpstream settings;
    private final String safeUrl;
    private final JsonMapper json;
    private final Broadcaster broadcaster;
    private final UpstreamStatus status;
    private final Backoff backoff;
    private @Nullable JsonNode lastTemplate;
    private @Nullable Scheduler parsing;
    private volatile @Nullable Disposable loop;

    public RelayFeed(
            FeedServerSettings.RelayUpstream settings,
            JsonMapper json,
            Broadcaster broadcaster,
            UpstreamStatus status) {
        this.settings = settings;
        this.safeUrl = safeUrl(settings.url());
        this.json = json;
        this.broadcaster = broadcaster;
        this.status = status;
        this.backoff = Backoff.exponential(settings.reconnectInitial(), settings.reconnectMax())
                .withEqualJitter(RandomGenerator.getDefault());
    }

    /** The URL without user info or query, which may carry credentials. */
    public static String safeUrl(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        log.info("Relaying feed {}{}", safeUrl, settings.token().isPresent() ? " with a bearer token" : "");
        Scheduler frameThread = Schedulers.newSingle("feed-server-relay", true);
        parsing = frameThread;
        loop = Mono.defer(() -> attempt(frameThread)).repeat().subscribe();
    }

    private Mono<Void> attempt(Scheduler frameThread) {
        AtomicBoolean delivered = new AtomicBoolean();
        return connect(delivered, frameThread)
                .then(Mono.fromSupplier(() -> "closed by the upstream"))
                .onErrorResume(error -> Mono.just(describe(error)))
                .flatMap(reason -> {
                    status.onFailure(reason);
                    if (delivered.get()) {
                        backoff.reset();
                    }
                    Duration delay = backoff.next();
                    log.warn("Upstream {} unavailable ({}); reconnecting in {} ms", safeUrl, reason, delay.toMillis());
                    return Mono.delay(delay).then();
                });
    }

    private Mono<Void> connect(AtomicBoolean delivered, Scheduler frameThread) {
        HttpClient client = HttpClient.newConnection()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .headers(headers -> settings.token()
                        .ifPresent(secret -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret.reveal())));
        WebsocketClientSpec spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(settings.maxFrameBytes())
                .compress(true)
                .build();
        return client.websocket(spec)
                .uri(settings.url())
                .handle((inbound, outbound) -> session(inbound, outbound, delivered, frameThread))
                .then();
    }

    private Publisher<Void> session(
            WebsocketInbound inbound, WebsocketOutbound outbound, AtomicBoolean delivered, Scheduler frameThread) {
        status.onConnected();
        log.info("Connected to upstream {}", safeUrl);
        Mono<Void> frames = inbound.aggregateFrames(settings.maxFrameBytes())
                .receiveFrames()
                .timeout(settings.idleTimeout())
                .filter(TextWebSocketFrame.class::isInstance)
                .map(frame -> ((TextWebSocketFrame) frame).text())
                .publishOn(frameThread)
                .doOnNext(text -> {
                    accept(text);
                    delivered.set(true);
                })
                .then();
        Duration pingEvery = settings.idleTimeout().dividedBy(3);
        Mono<Void> pings = Flux.interval(pingEvery, pingEvery)
                .concatMap(tick -> outbound.sendObject(new PingWebSocketFrame()).then())
                .then();
        return Mono.firstWithSignal(frames, pings);
    }

    /** Checks the frame's shape, renumbers it and broadcasts it; anything else is logged and skipped. */
    void accept(String text) {
        JsonNode parsed;
        try {
            parsed = json.readTree(text);
        } catch (JacksonException e) {
            log.warn("Skipped a frame from {}: not valid JSON", safeUrl);
            return;
        }
        if (!(parsed instanceof ObjectNode frame)
                || !"gbt".equals(frame.path("type").asString(""))
                || !(frame.get("template") instanceof ObjectNode template)) {
            log.warn("Skipped a frame from {}: not a gbt frame with a template object", safeUrl);
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

    private String describe(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException handshake) {
            int code = handshake.response().status().code();
            return "upgrade refused with HTTP " + code
                    + (code == 401 || code == 403 ? " (check " + FeedServerSettings.UPSTREAM_TOKEN + ")" : "");
        }
        if (error instanceof TimeoutException) {
            return "no frame or pong for " + settings.idleTimeout().toSeconds() + "s";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public synchronized void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
            loop = null;
        }
        Scheduler frameThread = parsing;
        if (frameThread != null) {
            frameThread.dispose();
            parsing = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return loop != null;
    }
}
