package org.reservegrid.spring.websocket;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * Keeps a WebSocket client connection to a feed open and hands every complete text frame to a {@link Listener}:
 * the loop rg-feed-adapter (following a feed) and rg-feed-server (relaying another feed server) share.
 *
 * <p>{@link #start()} begins a loop of connect (bearer token if one is set, permessage-deflate offered; a feed that
 * declines it is read uncompressed), read until the connection ends (closed by the peer, network error, or no
 * inbound frame for the idle timeout while pings, sent every third of it, go unanswered), then wait an exponential
 * backoff with equal jitter and dial again. A connection that delivered at least one frame resets the backoff.
 * {@link #stop()} ends the loop. Frames are handed over off the event loop, on one dedicated thread, in order.
 *
 * <p>The follower is the service's lifecycle bean and writes the connection's log lines (following, connected,
 * closed by the peer, unavailable and reconnecting), so each user keeps only what its frames and its status need.
 */
public final class FeedFollower implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FeedFollower.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** What a user of the loop learns; every method but {@link #onFrame} has a no-op default. */
    public interface Listener {
        /** Before each dial but the first since the follower was made. */
        default void onReconnectAttempt() {}

        /** The upgrade succeeded (on the event loop). */
        default void onConnected() {}

        /** One complete text frame, on the follower's frame thread, in arrival order. */
        void onFrame(String text);

        /** The peer sent a close frame with this status. */
        default void onCloseStatus(WebSocketCloseStatus status) {}

        /**
         * The connection ended or could not be made, for {@code reason} (in words, never a stack trace); the next
         * dial follows after {@code reconnectIn}.
         */
        default void onDisconnected(String reason, Duration reconnectIn) {}
    }

    /**
     * How the loop connects and names things in its reasons.
     *
     * @param peer what the other end is called in a reason ("closed by the {@code peer}") and in the log
     * @param tokenVariable the setting to check when the upgrade is refused with one of {@code tokenRefusals}
     * @param threadName the frame thread's name
     */
    public record Settings(
            URI uri,
            Optional<Secret> token,
            int maxFrameBytes,
            Duration idleTimeout,
            Duration reconnectInitial,
            Duration reconnectMax,
            String peer,
            String tokenVariable,
            Set<Integer> tokenRefusals,
            String threadName) {
        public Settings {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(token, "token");
            tokenRefusals = Set.copyOf(tokenRefusals);
            if (maxFrameBytes <= 0) {
                throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
            }
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
            }
        }
    }

    private final Settings settings;
    private final Listener listener;
    private final @Nullable LoopResources loops;
    private final Backoff backoff;
    private final String safeUrl;
    private long attempts;
    /** This run's frame thread; a session of an earlier run (stopped) tells the listener nothing more. */
    private volatile @Nullable Scheduler frameThread;

    private volatile @Nullable Disposable loop;

    /**
     * @param loops the event loops to dial on; {@code null} for Reactor Netty's global ones
     */
    public FeedFollower(Settings settings, Listener listener, @Nullable LoopResources loops) {
        this.settings = settings;
        this.listener = listener;
        this.loops = loops;
        this.backoff = Backoff.exponential(settings.reconnectInitial(), settings.reconnectMax())
                .withEqualJitter(RandomGenerator.getDefault());
        this.safeUrl = safeUrl(settings.uri());
    }

    /** The URL without user info or query, which may carry credentials. */
    public static String safeUrl(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** The followed URL as {@link #safeUrl(URI)} shows it. */
    public String url() {
        return safeUrl;
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        log.info(
                "Following {} {}{}",
                settings.peer(),
                safeUrl,
                settings.token().isPresent() ? " with a bearer token" : "");
        Scheduler frames = Schedulers.newSingle(settings.threadName(), true);
        frameThread = frames;
        loop = Mono.defer(() -> attempt(frames)).repeat().subscribe();
    }

    @Override
    public synchronized void stop() {
        Disposable current = loop;
        if (current != null) {
            current.dispose();
            loop = null;
        }
        Scheduler frames = frameThread;
        if (frames != null) {
            frames.dispose();
            frameThread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return loop != null;
    }

    private Mono<Void> attempt(Scheduler frames) {
        if (attempts++ > 0) {
            listener.onReconnectAttempt();
        }
        AtomicBoolean delivered = new AtomicBoolean();
        return connect(delivered, frames)
                .then(Mono.fromSupplier(() -> "closed by the " + settings.peer()))
                .onErrorResume(error -> Mono.just(describe(error)))
                .flatMap(reason -> {
                    if (delivered.get()) {
                        backoff.reset();
                    }
                    Duration delay = backoff.next();
                    log.warn(
                            "{} {} unavailable ({}); reconnecting in {} ms",
                            capitalized(settings.peer()),
                            safeUrl,
                            reason,
                            delay.toMillis());
                    listener.onDisconnected(reason, delay);
                    return Mono.delay(delay).then();
                });
    }

    private Mono<Void> connect(AtomicBoolean delivered, Scheduler frames) {
        HttpClient client = HttpClient.newConnection();
        if (loops != null) {
            client = client.runOn(loops);
        }
        client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
                .headers(headers -> settings.token()
                        .ifPresent(secret -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret.reveal())));
        // permessage-deflate offered: rg-feed-server accepts it (a mainnet frame shrinks to about half); a feed
        // that declines it (rg-demo-feed) is read uncompressed as before.
        WebsocketClientSpec spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(settings.maxFrameBytes())
                .compress(true)
                .build();
        return client.websocket(spec)
                .uri(settings.uri())
                .handle((inbound, outbound) -> session(inbound, outbound, delivered, frames))
                .then();
    }

    private Publisher<Void> session(
            WebsocketInbound inbound, WebsocketOutbound outbound, AtomicBoolean delivered, Scheduler frames) {
        log.info("Connected to {} {}", settings.peer(), safeUrl);
        listener.onConnected();
        // Set before the connection closes when this side gives up on it (idle timeout, oversized frame): the 1006
        // that follows is our own doing, not news from the peer.
        AtomicBoolean droppedHere = new AtomicBoolean();
        inbound.receiveCloseStatus().subscribe(status -> {
            // stop() closes the connection too (1006): that is no news from the peer, and the listener has moved on.
            if (frames == frameThread && !droppedHere.get()) {
                log.info(
                        "{} {} closed the connection: {} {}",
                        capitalized(settings.peer()),
                        safeUrl,
                        status.code(),
                        status.reasonText());
                listener.onCloseStatus(status);
            }
        });
        Mono<Void> texts = inbound.aggregateFrames(settings.maxFrameBytes())
                .receiveFrames()
                .timeout(settings.idleTimeout())
                .doOnError(error -> droppedHere.set(true))
                .filter(TextWebSocketFrame.class::isInstance)
                .map(frame -> ((TextWebSocketFrame) frame).text())
                .publishOn(frames)
                .doOnNext(text -> {
                    listener.onFrame(text);
                    delivered.set(true);
                })
                .then();
        Duration pingEvery = settings.idleTimeout().dividedBy(3);
        Mono<Void> pings = Flux.interval(pingEvery, pingEvery)
                .concatMap(tick -> outbound.sendObject(new PingWebSocketFrame()).then())
                .then();
        return Mono.firstWithSignal(texts, pings);
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** Why a connection ended, in words for a log line or a status page: never a stack trace. */
    String describe(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException handshake) {
            int status = handshake.response().status().code();
            return "upgrade refused with HTTP " + status
                    + (settings.tokenRefusals().contains(status) ? " (check " + settings.tokenVariable() + ")" : "");
        }
        if (error instanceof TimeoutException) {
            return "no frame or pong for " + settings.idleTimeout().toSeconds() + "s";
        }
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
