package org.reservegrid.demofeed.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.stream.FrameClock;
import org.reservegrid.spring.websocket.ConnectionLimitFilter;
import org.reservegrid.spring.websocket.ConnectionLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * Serves the frame stream on {@code /ws}. Each session first gets the latest frame, then every new one; a client
 * that falls behind skips to the newest frame instead of queueing old ones, and one that does not take a frame
 * within {@link #SLOW_CLIENT_TIMEOUT} is closed. Sessions beyond the per-address or total limit are closed at once
 * with a policy-violation status that names the limit.
 *
 * <p>Lifecycle: sessions live until the client leaves or the feed stops; {@link #stop()} closes the open ones with
 * status 1001 and reason {@code shutdown_drain}, and sessions that arrive after it are closed the same way.
 */
public final class FeedWebSocketHandler implements WebSocketHandler, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FeedWebSocketHandler.class);

    /** How long one frame may take to reach a client before the client is dropped. */
    static final Duration SLOW_CLIENT_TIMEOUT = Duration.ofSeconds(60);

    private final FrameClock clock;
    private final ConnectionLimiter limiter;
    private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final Counter refusedPerAddress;
    private final Counter refusedTotal;
    private final Counter droppedSlow;
    private volatile boolean running;

    public FeedWebSocketHandler(FrameClock clock, int maxPerAddress, int maxTotal, MeterRegistry meters) {
        this.clock = clock;
        this.limiter = new ConnectionLimiter(maxPerAddress, maxTotal);
        Gauge.builder("rg.demo.feed.connections", limiter, ConnectionLimiter::open)
                .description("Open WebSocket sessions")
                .register(meters);
        this.refusedPerAddress = refusedCounter(meters, "per_ip_limit");
        this.refusedTotal = refusedCounter(meters, "total_limit");
        this.droppedSlow = Counter.builder("rg.demo.feed.clients.dropped")
                .description("Sessions closed because a frame could not be delivered in time")
                .register(meters);
    }

    private static Counter refusedCounter(MeterRegistry meters, String limit) {
        return Counter.builder("rg.demo.feed.connections.refused")
                .description("WebSocket sessions closed at once because a connection limit was reached")
                .tag("limit", limit)
                .register(meters);
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        if (!running) {
            // The server still accepts upgrades for a moment after stop(); send them away at once.
            return session.close(CloseStatus.GOING_AWAY.withReason(GatewayReason.SHUTDOWN_DRAIN.code()));
        }
        String address = remoteAddress(session);
        return switch (limiter.tryAcquire(address)) {
            case ConnectionLimiter.Refused refused -> refuse(session, address, refused.refusal());
            case ConnectionLimiter.Granted granted ->
                serve(session, address).doFinally(signal -> {
                    granted.lease().release();
                    sessions.remove(session);
                    log.info("Client {} left (session {})", address, session.getId());
                });
        };
    }

    private Mono<Void> refuse(WebSocketSession session, String address, ConnectionLimiter.Refusal refusal) {
        String reason;
        if (refusal == ConnectionLimiter.Refusal.PER_ADDRESS) {
            refusedPerAddress.increment();
            reason = GatewayReason.PEER_QUOTA_EXCEEDED.code() + ": at most " + limiter.maxPerAddress()
                    + " connections per IP address";
        } else {
            refusedTotal.increment();
            reason = GatewayReason.PEER_QUOTA_EXCEEDED.code() + ": the feed is at its limit of " + limiter.maxTotal()
                    + " connections";
        }
        log.warn("Refused client {}: {}", address, reason);
        return session.close(CloseStatus.POLICY_VIOLATION.withReason(reason));
    }

    private Mono<Void> serve(WebSocketSession session, String address) {
        sessions.add(session);
        log.info("Client {} connected (session {})", address, session.getId());
        Mono<Void> outbound = clock.frames()
                .onBackpressureLatest()
                .concatMap(
                        frame -> session.send(Mono.just(textMessage(session, frame)))
                                .timeout(SLOW_CLIENT_TIMEOUT),
                        1)
                .then();
        Mono<Void> inbound = session.receive().then();
        return Mono.firstWithSignal(outbound, inbound).onErrorResume(error -> {
            if (error instanceof TimeoutException) {
                droppedSlow.increment();
                log.warn("Dropping client {}: a frame was not delivered within {}", address, SLOW_CLIENT_TIMEOUT);
                return session.close(CloseStatus.POLICY_VIOLATION.withReason(
                        "slow consumer: frame not delivered within " + SLOW_CLIENT_TIMEOUT.toSeconds() + "s"));
            }
            log.info("Session with {} ended: {}", address, error.toString());
            return Mono.empty();
        });
    }

    /** Wraps the frame's bytes without copying; every session shares the same array. */
    private static WebSocketMessage textMessage(WebSocketSession session, SimulatedFrame frame) {
        return new WebSocketMessage(
                WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame.json()));
    }

    private static String remoteAddress(WebSocketSession session) {
        return ConnectionLimitFilter.remoteAddress(session.getHandshakeInfo().getRemoteAddress());
    }

    /** Open sessions, for the health report. */
    public int openSessions() {
        return limiter.open();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (WebSocketSession session : sessions) {
            session.close(CloseStatus.GOING_AWAY.withReason(GatewayReason.SHUTDOWN_DRAIN.code()))
                    .onErrorResume(error -> Mono.empty())
                    .block(Duration.ofSeconds(2));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
