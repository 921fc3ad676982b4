package org.reservegrid.feedadapter.upstream;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reservegrid.common.retry.Backoff;
import org.reservegrid.common.secret.Secret;
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
import reactor.netty.resources.LoopResources;

/**
 * Keeps a WebSocket connection to the feed open and hands every valid frame to {@link FeedState}.
 *
 * <p>Lifecycle: {@link #start()} begins a loop of connect, read until the connection ends (closed by the feed,
 * network error, or no inbound frame for the idle timeout while pings go unanswered), then wait an exponential
 * backoff with jitter and dial again. A connection that delivered at least one frame resets the backoff.
 * {@link #stop()} ends the loop. Frames are parsed off the event loop on a dedicated thread.
 */
public final class FeedConnection implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI uri;
    private final String safeUrl;
    private final Optional<Secret> token;
    private final int maxFrameBytes;
    private final Duration idleTimeout;
    private final FeedState state;
    private final FrameParser parser;
    private final Backoff backoff;
    private final LoopResources loops;
    private long attempts;
    private @Nullable Scheduler parsing;
    private volatile @Nullable Disposable loop;

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
        this.uri = uri;
        this.safeUrl = safeUrl(uri);
        this.token = token;
        this.maxFrameBytes = maxFrameBytes;
        this.idleTimeout = idleTimeout;
        this.state = state;
        this.parser = parser;
        this.loops = loops;
        this.backoff =
                Backoff.exponential(reconnectInitial, reconnectMax).withEqualJitter(RandomGenerator.getDefault());
    }

    /** The feed URL without user info or query, which may carry credentials. */
    public static String safeUrl(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    public String url() {
        return safeUrl;
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        log.info("Following feed {}{}", safeUrl, token.isPresent() ? " with a bearer token" : "");
        Scheduler frameThread = Schedulers.newSingle("feed-frames", true);
        parsing = frameThread;
        loop = Mono.defer(() -> attempt(frameThread)).repeat().subscribe();
    }

    private Mono<Void> attempt(Scheduler frameThread) {
        if (attempts++ > 0) {
            state.onReconnectAttempt();
        }
        AtomicBoolean delivered = new AtomicBoolean();
        return connect(delivered, frameThread)
                .then(Mono.fromSupplier(() -> "closed by the feed"))
                .onErrorResume(error -> Mono.just(describe(error)))
                .flatMap(reason -> {
                    state.onDisconnected(reason);
                    if (delivered.get()) {
                        backoff.reset();
                    }
                    Duration delay = backoff.next();
                    log.warn("Feed {} unavailable ({}); reconnecting in {} ms", safeUrl, reason, delay.toMillis());
                    return Mono.delay(delay).then();
                });
    }

    private Mono<Void> connect(AtomicBoolean delivered, Scheduler frameThread) {
        HttpClient client = HttpClient.newConnection()
                .runOn(loops)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .headers(headers -> token.ifPresent(
                        secret -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret.reveal())));
        // permessage-deflate offered: rg-feed-server accepts it (a mainnet frame shrinks to about half); a feed
        // that declines it (rg-demo-feed) is read uncompressed as before.
        WebsocketClientSpec spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(maxFrameBytes)
                .compress(true)
                .build();
        return client.websocket(spec)
                .uri(uri)
                .handle((inbound, outbound) -> session(inbound, outbound, delivered, frameThread))
                .then();
    }

    private Publisher<Void> session(
            WebsocketInbound inbound, WebsocketOutbound outbound, AtomicBoolean delivered, Scheduler frameThread) {
        state.onConnected();
        log.info("Connected to feed {}", safeUrl);
        inbound.receiveCloseStatus()
                .subscribe(status ->
                        log.info("Feed {} closed the connection: {} {}", safeUrl, status.code(), status.reasonText()));
        Mono<Void> frames = inbound.aggregateFrames(maxFrameBytes)
                .receiveFrames()
                .timeout(idleTimeout)
                .filter(TextWebSocketFrame.class::isInstance)
                .map(frame -> ((TextWebSocketFrame) frame).text())
                .publishOn(frameThread)
                .doOnNext(text -> {
                    accept(text);
                    delivered.set(true);
                })
                .then();
        Duration pingEvery = idleTimeout.dividedBy(3);
        Mono<Void> pings = Flux.interval(pingEvery, pingEvery)
                .concatMap(tick -> outbound.sendObject(new PingWebSocketFrame()).then())
                .then();
        return Mono.firstWithSignal(frames, pings);
    }

    private void accept(String text) {
        try {
            state.onFrame(parser.parse(text, System.nanoTime()));
        } catch (InvalidFrameException e) {
            state.onRejected(e.getMessage());
            log.warn("Skipped a frame from {}: {}", safeUrl, e.getMessage());
        }
    }

    private String describe(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException handshake) {
            int status = handshake.response().status().code();
            return "upgrade refused with HTTP " + status + (status == 401 ? " (check VELDRA_FEED_TOKEN)" : "");
        }
        if (error instanceof TimeoutException) {
            return "no frame or pong for " + idleTimeout.toSeconds() + "s";
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
