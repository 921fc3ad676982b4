package org.reservegrid.demofeed.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reservegrid.demofeed.simulation.FeedSimulator;
import org.reservegrid.demofeed.simulation.FrameEvent;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Plays the simulation in real time: one thread computes the next frame as soon as the previous one is out, then
 * publishes it when its simulated time comes due. Subscribers see the latest frame at once and every later one.
 *
 * <p>Lifecycle: {@link #start()} builds the simulator on the clock thread (a mainnet-like mempool takes a moment)
 * and publishes the first frame immediately; {@link #stop()} ends the thread. Frames are never completed: sessions
 * are closed by the WebSocket handler on shutdown.
 */
public final class FrameClock implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FrameClock.class);

    private final SimulationSettings settings;
    private final Sinks.Many<SimulatedFrame> frames = Sinks.many().replay().latest();
    private final Map<FrameEvent, Counter> framesByEvent = new EnumMap<>(FrameEvent.class);
    private final AtomicLong lastFrameBytes = new AtomicLong();
    private final AtomicLong lastTransactionCount = new AtomicLong();
    private final AtomicLong lastHeight = new AtomicLong();

    private volatile @Nullable SimulatedFrame latest;
    private volatile @Nullable Throwable failure;
    private volatile long latestPublishedNanos;
    private @Nullable ScheduledExecutorService executor;
    private @Nullable FeedSimulator simulator;
    private long startNanos;

    public FrameClock(SimulationSettings settings, MeterRegistry meters) {
        this.settings = settings;
        for (FrameEvent event : FrameEvent.values()) {
            framesByEvent.put(
                    event,
                    Counter.builder("rg.demo.feed.frames")
                            .description("Frames published, by event")
                            .tag("event", event.id())
                            .register(meters));
        }
        Gauge.builder("rg.demo.feed.frame.bytes", lastFrameBytes, AtomicLong::get)
                .description("Size of the latest frame")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("rg.demo.feed.template.transactions", lastTransactionCount, AtomicLong::get)
                .description("Transactions in the latest template")
                .register(meters);
        Gauge.builder("rg.demo.feed.template.height", lastHeight, AtomicLong::get)
                .description("Height of the latest template")
                .register(meters);
    }

    /** The latest frame, replayed to each new subscriber, then every later one. */
    public Flux<SimulatedFrame> frames() {
        return frames.asFlux();
    }

    /** The latest published frame, or null before the first. */
    public @Nullable SimulatedFrame latest() {
        return latest;
    }

    /** Set when the simulation failed; the feed then stops publishing and reports not ready. */
    public @Nullable Throwable failure() {
        return failure;
    }

    public SimulationSettings settings() {
        return settings;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-feed-clock");
            thread.setDaemon(true);
            return thread;
        });
        executor = clock;
        clock.execute(() -> {
            startNanos = System.nanoTime();
            simulator = new FeedSimulator(settings);
            log.info(
                    "Demo feed playing scenario {} with seed {} (template every {}, blocks every {} {}, first height {})",
                    settings.scenario().id(),
                    settings.seed(),
                    settings.templateInterval(),
                    settings.blockInterval(),
                    settings.blockTiming().name().toLowerCase(Locale.ROOT),
                    settings.startHeight());
            scheduleNext(clock);
        });
    }

    private void scheduleNext(ScheduledExecutorService clock) {
        SimulatedFrame next;
        try {
            next = Objects.requireNonNull(simulator).next();
        } catch (RuntimeException e) {
            failure = e;
            log.error("Demo feed simulation failed; no further frames will be published", e);
            return;
        }
        long delayNanos = startNanos + next.offset().toNanos() - System.nanoTime();
        clock.schedule(() -> publish(clock, next), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void publish(ScheduledExecutorService clock, SimulatedFrame frame) {
        latestPublishedNanos = System.nanoTime();
        latest = frame;
        lastFrameBytes.set(frame.json().length);
        lastTransactionCount.set(frame.summary().transactionCount());
        lastHeight.set(frame.summary().height());
        Objects.requireNonNull(framesByEvent.get(frame.event())).increment();
        frames.tryEmitNext(frame);
        log.debug(
                "Frame {} ({}) height {} with {} transactions, {} bytes",
                frame.seq(),
                frame.event().id(),
                frame.summary().height(),
                frame.summary().transactionCount(),
                frame.json().length);
        scheduleNext(clock);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Time since the latest frame was published, or null before the first. */
    public @Nullable Duration sinceLatest() {
        return latest == null ? null : Duration.ofNanos(System.nanoTime() - latestPublishedNanos);
    }
}
