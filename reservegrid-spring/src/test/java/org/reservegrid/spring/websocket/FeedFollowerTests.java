package org.reservegrid.spring.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.secret.Secret;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;

/** FeedFollower against a real Reactor Netty WebSocket server on loopback. */
class FeedFollowerTests {
    private static final Duration INITIAL = Duration.ofMillis(50);
    /** How long a test waits for the next event before it fails; generous, it is not a speed check. */
    private static final long WAIT_SECONDS = 20;

    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> holdsEnded = new LinkedBlockingQueue<>();
    private @Nullable DisposableServer server;
    private @Nullable FeedFollower follower;

    @AfterEach
    void shutDown() {
        if (follower != null) {
            follower.stop();
        }
        if (server != null) {
            server.disposeNow();
        }
    }

    @Test
    void handsOverEveryTextFrameInOrderAndSendsTheBearerToken() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/hold", Optional.of(Secret.of("s3cret")), Duration.ofSeconds(60), recorder);

        assertThat(recorder.next()).isEqualTo("connected");
        assertThat(recorder.next()).isEqualTo("frame one");
        assertThat(recorder.next()).isEqualTo("frame two");
        assertThat(authorizations).containsExactly("Bearer s3cret");
        assertThat(follower().isRunning()).isTrue();
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAToken() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/hold", Optional.empty(), Duration.ofSeconds(60), recorder);

        assertThat(recorder.next()).isEqualTo("connected");
        assertThat(recorder.next()).isEqualTo("frame one");
        assertThat(authorizations).containsExactly("(none)");
    }

    @Test
    void redialsAfterThePeerClosesAndADeliveringConnectionResetsTheBackoff() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/one-then-close", Optional.empty(), Duration.ofSeconds(60), recorder);

        for (int connection = 1; connection <= 3; connection++) {
            assertThat(recorder.nextMatching("down: ")).isEqualTo("down: closed by the feed");
        }
        // The close status comes on the event loop, frames on the frame thread: only their own order is fixed.
        assertThat(recorder.seen.stream().filter(event -> !event.startsWith("close status")))
                .startsWith(
                        "connected",
                        "frame 1",
                        "down: closed by the feed",
                        "reconnect attempt",
                        "connected",
                        "frame 2",
                        "down: closed by the feed",
                        "reconnect attempt",
                        "connected",
                        "frame 3",
                        "down: closed by the feed");
        assertThat(recorder.seen).contains("close status 1000");
        // Equal jitter keeps a delay within [ceiling / 2, ceiling]: reset each time, every delay is the first one's.
        assertThat(recorder.delays.subList(0, 3))
                .allSatisfy(delay -> assertThat(delay).isBetween(INITIAL.dividedBy(2), INITIAL));
    }

    @Test
    void aConnectionThatDeliveredNothingLetsTheBackoffGrow() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/close-at-once", Optional.empty(), Duration.ofSeconds(60), recorder);

        for (int connection = 1; connection <= 3; connection++) {
            assertThat(recorder.nextMatching("down: ")).isEqualTo("down: closed by the feed");
        }
        // The third retry's ceiling is 4 x INITIAL, so its delay is at least twice INITIAL.
        assertThat(recorder.delays.get(0)).isBetween(INITIAL.dividedBy(2), INITIAL);
        assertThat(recorder.delays.get(2)).isBetween(INITIAL.multipliedBy(2), INITIAL.multipliedBy(4));
    }

    @Test
    void dropsAConnectionOnWhichNothingArrivesForTheIdleTimeout() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/silent", Optional.empty(), Duration.ofSeconds(1), recorder);

        assertThat(recorder.next()).isEqualTo("connected");
        assertThat(recorder.nextMatching("down: ")).isEqualTo("down: no frame or pong for 1s");
        assertThat(recorder.next()).isEqualTo("reconnect attempt");
        assertThat(recorder.next()).isEqualTo("connected");
    }

    @Test
    void namesTheTokenSettingWhenTheUpgradeIsRefused() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/denied", Optional.of(Secret.of("wrong")), Duration.ofSeconds(60), recorder);

        assertThat(recorder.next()).isEqualTo("down: upgrade refused with HTTP 401 (check TEST_TOKEN)");
        assertThat(recorder.next()).isEqualTo("reconnect attempt");
    }

    @Test
    void stopEndsTheLoop() throws InterruptedException {
        startServer();
        Recorder recorder = new Recorder();
        follow("/hold", Optional.empty(), Duration.ofSeconds(60), recorder);
        assertThat(recorder.next()).isEqualTo("connected");

        follower().stop();

        assertThat(follower().isRunning()).isFalse();
        // The server sees the connection end: stop closed it rather than only forgetting it.
        assertThat(holdsEnded.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("ended");
        follower().start();
        assertThat(follower().isRunning()).isTrue();
        assertThat(recorder.nextMatching("reconnect attempt")).isEqualTo("reconnect attempt");
        // Nothing of the stopped connection (its close status 1006) reaches the listener after the restart.
        assertThat(recorder.next()).isEqualTo("connected");
    }

    @Test
    void safeUrlDropsUserInfoAndQuery() {
        assertThat(FeedFollower.safeUrl(URI.create("wss://user:pw@feed.example:8443/ws?token=abc")))
                .isEqualTo("wss://feed.example:8443/ws");
        assertThat(FeedFollower.safeUrl(URI.create("ws://feed.example/ws"))).isEqualTo("ws://feed.example/ws");
    }

    private void startServer() {
        // handlePing(true) hands pings to the handler instead of answering them, so /silent never sends a pong.
        WebsocketServerSpec noPongs =
                WebsocketServerSpec.builder().handlePing(true).build();
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.ws("/hold", (in, out) -> {
                            String authorization = in.headers().get(HttpHeaderNames.AUTHORIZATION);
                            authorizations.add(authorization == null ? "(none)" : authorization);
                            return out.sendString(Flux.just("frame one", "frame two"))
                                    .then(in.receive().then().doFinally(signal -> holdsEnded.add("ended")));
                        })
                        .ws(
                                "/one-then-close",
                                (in, out) -> out.sendString(Mono.just("frame " + connections.incrementAndGet())))
                        .ws("/close-at-once", (in, out) -> Mono.empty())
                        .ws("/silent", (in, out) -> in.receive().then(), noPongs)
                        .get(
                                "/denied",
                                (request, response) -> response.status(HttpResponseStatus.UNAUTHORIZED)
                                        .send()))
                .bindNow();
    }

    private void follow(String path, Optional<Secret> token, Duration idleTimeout, Recorder recorder) {
        URI uri = URI.create("ws://127.0.0.1:" + server().port() + path);
        follower = new FeedFollower(
                new FeedFollower.Settings(
                        uri,
                        token,
                        1 << 20,
                        idleTimeout,
                        INITIAL,
                        Duration.ofSeconds(5),
                        "feed",
                        "TEST_TOKEN",
                        Set.of(401),
                        "feed-follower-test"),
                recorder,
                null);
        follower.start();
    }

    private DisposableServer server() {
        return Objects.requireNonNull(server, "server not started");
    }

    private FeedFollower follower() {
        return Objects.requireNonNull(follower, "follower not started");
    }

    /** Every callback as one line, in the order they came. */
    private static final class Recorder implements FeedFollower.Listener {
        private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        /** Every event {@link #next()} took, in order. */
        final List<String> seen = new CopyOnWriteArrayList<>();

        final List<Duration> delays = new CopyOnWriteArrayList<>();

        @Override
        public void onReconnectAttempt() {
            events.add("reconnect attempt");
        }

        @Override
        public void onConnected() {
            events.add("connected");
        }

        @Override
        public void onFrame(String text) {
            events.add(text);
        }

        @Override
        public void onCloseStatus(WebSocketCloseStatus status) {
            events.add("close status " + status.code());
        }

        @Override
        public void onDisconnected(String reason, Duration reconnectIn) {
            delays.add(reconnectIn);
            events.add("down: " + reason);
        }

        String next() throws InterruptedException {
            String event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no follower event within " + WAIT_SECONDS + " s; seen: " + seen);
            }
            seen.add(event);
            return event;
        }

        /** Takes events until one starts with {@code prefix}. */
        String nextMatching(String prefix) throws InterruptedException {
            String event = next();
            while (!event.startsWith(prefix)) {
                event = next();
            }
            return event;
        }
    }
}
