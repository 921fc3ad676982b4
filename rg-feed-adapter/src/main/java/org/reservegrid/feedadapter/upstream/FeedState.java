package org.reservegrid.feedadapter.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What the adapter knows about its feed: the latest snapshot, whether the connection is up, and counters for
 * health and metrics. Written by the connection loop, read by RPC handlers and health probes on any thread.
 */
public final class FeedState {
    private final Sinks.Many<FeedSnapshot> snapshots = Sinks.many().replay().latest();
    private final Duration disconnectGrace;
    private final Counter framesCounter;
    private final Counter rejectedCounter;
    private final Counter reconnectsCounter;
    private final AtomicLong height = new AtomicLong();

    private volatile @Nullable FeedSnapshot latest;
    private volatile boolean connected;
    private volatile long disconnectedSinceNanos = System.nanoTime();
    private volatile @Nullable String lastError;
    /**
     * Set when a connection opens after the grace period ran out: the template held is from the feed's previous run
     * and must not be served again, so nothing is until the new connection's first frame.
     */
    private volatile boolean awaitingFreshFrame;

    public FeedState(Duration disconnectGrace, MeterRegistry meters) {
        this.disconnectGrace = disconnectGrace;
        this.framesCounter = Counter.builder("rg.feed.adapter.frames")
                .description("Frames accepted from the feed")
                .register(meters);
        this.rejectedCounter = Counter.builder("rg.feed.adapter.frames.rejected")
                .description("Frames from the feed that were malformed and skipped")
                .register(meters);
        this.reconnectsCounter = Counter.builder("rg.feed.adapter.reconnects")
                .description("Connection attempts after the first one")
                .register(meters);
        Gauge.builder("rg.feed.adapter.upstream.connected", this, state -> state.connected ? 1 : 0)
                .description("1 while the feed WebSocket is open")
                .register(meters);
        Gauge.builder("rg.feed.adapter.last.frame.age", this, FeedState::lastFrameAgeSeconds)
                .description("Seconds since the latest frame arrived (NaN before the first)")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("rg.feed.adapter.template.height", height, AtomicLong::get)
                .description("Height of the latest template")
                .register(meters);
    }

    void onConnected() {
        if (!connected && latest != null && System.nanoTime() - disconnectedSinceNanos >= disconnectGrace.toNanos()) {
            awaitingFreshFrame = true;
        }
        connected = true;
        lastError = null;
    }

    void onDisconnected(String reason) {
        if (connected) {
            disconnectedSinceNanos = System.nanoTime();
        }
        connected = false;
        lastError = reason;
    }

    void onReconnectAttempt() {
        reconnectsCounter.increment();
    }

    void onFrame(FeedSnapshot snapshot) {
        latest = snapshot;
        awaitingFreshFrame = false;
        height.set(snapshot.height());
        framesCounter.increment();
        snapshots.emitNext(snapshot, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    void onRejected(String reason) {
        rejectedCounter.increment();
        lastError = "rejected frame: " + reason;
    }

    /**
     * The snapshot RPC calls may serve: the latest one while connected, or for {@code disconnectGrace} after the
     * connection dropped (a feed restart should not fail every caller). Null otherwise.
     */
    public @Nullable FeedSnapshot usable() {
        FeedSnapshot current = latest;
        if (current == null || awaitingFreshFrame) {
            return null;
        }
        if (connected || System.nanoTime() - disconnectedSinceNanos < disconnectGrace.toNanos()) {
            return current;
        }
        return null;
    }

    /** Why {@link #usable()} is null, phrased for a JSON-RPC error message. */
    public String unavailableReason() {
        if (latest == null) {
            return "feed not connected: no template received from the feed yet";
        }
        if (awaitingFreshFrame) {
            return "feed reconnected: waiting for its first template (the one held is from before the connection was"
                    + " lost)";
        }
        long seconds =
                Duration.ofNanos(System.nanoTime() - disconnectedSinceNanos).toSeconds();
        return "feed not connected: connection to the feed lost " + seconds + "s ago";
    }

    /**
     * The first snapshot whose longpollid differs from {@code longPollId}: at once if the latest already differs,
     * otherwise when the feed sends one.
     */
    public Mono<FeedSnapshot> nextWithLongPollIdOtherThan(String longPollId) {
        return snapshots
                .asFlux()
                .filter(s -> !s.longPollId().equals(longPollId))
                .next();
    }

    /** Every snapshot from now on (the latest first). */
    public Flux<FeedSnapshot> snapshots() {
        return snapshots.asFlux();
    }

    public @Nullable FeedSnapshot latest() {
        return latest;
    }

    public boolean connected() {
        return connected;
    }

    public long frames() {
        return (long) framesCounter.count();
    }

    public long rejected() {
        return (long) rejectedCounter.count();
    }

    public long reconnects() {
        return (long) reconnectsCounter.count();
    }

    public @Nullable String lastError() {
        return lastError;
    }

    /** Seconds since the latest frame arrived, or NaN before the first. */
    public double lastFrameAgeSeconds() {
        FeedSnapshot current = latest;
        return current == null ? Double.NaN : (System.nanoTime() - current.receivedAtNanos()) / 1e9;
    }
}
