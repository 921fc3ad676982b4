package org.reservegrid.feedserver.ws;

import io.netty.channel.Channel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.reservegrid.feedserver.broadcast.Broadcaster;
import org.reservegrid.feedserver.broadcast.Subscriber;
import org.reservegrid.spring.websocket.ConnectionLimitFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One subscriber per upgraded connection on {@code /ws}: registered with the {@link Broadcaster} (which sends the
 * latest frame at once), kept until the client leaves. What the client sends is read and discarded (at most 64 KiB
 * per message, the upgrade spec's limit). Tokens and connection limits were checked before the upgrade.
 *
 * <p>Lifecycle: {@link #stop()} closes every subscriber with 1001 {@code shutdown_drain}; upgrades that arrive
 * after it are closed the same way.
 */
public final class FeedWebSocketHandler implements WebSocketHandler, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FeedWebSocketHandler.class);

    private final Broadcaster broadcaster;
    private volatile boolean running;

    public FeedWebSocketHandler(Broadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    /** @param release frees the session's connection slot; called once the session ends */
    Mono<Void> serve(WebsocketInbound inbound, WebsocketOutbound outbound, HandshakeInfo info, Runnable release) {
        String address = ConnectionLimitFilter.remoteAddress(info.getRemoteAddress());
        if (!running) {
            return outbound.sendClose(1001, "shutdown_drain").doFinally(signal -> release.run());
        }
        AtomicReference<Channel> channel = new AtomicReference<>();
        inbound.withConnection(connection -> channel.set(connection.channel()));
        Subscriber subscriber = new Subscriber(Objects.requireNonNull(channel.get(), "connection"), address);
        broadcaster.subscribe(subscriber);
        log.info("Subscriber {} connected{}", address, subscriber.deflate() ? " (permessage-deflate)" : "");
        return inbound.receive().then().doFinally(signal -> {
            broadcaster.unsubscribe(subscriber);
            release.run();
            log.info("Subscriber {} left", address);
        });
    }

    /** Not used: {@link FeedUpgradeStrategy} calls {@link #serve} with the Netty connection. */
    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return session.close(CloseStatus.SERVER_ERROR.withReason("unsupported upgrade"));
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        broadcaster.closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
