package org.reservegrid.feedserver.broadcast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the latest frame and delivers every frame to every subscriber. A new subscriber gets the latest frame at
 * once. Each frame is serialised once and deflated at most once; subscribers write references to the same direct
 * buffers. A subscriber whose unwritten bytes would pass the buffer limit is closed with status 1008 and reason
 * {@code slow_consumer: ...}, so memory stays bounded by the limit (in shared buffers) however slow a peer is.
 *
 * <p>Frames come from one upstream thread at a time; {@link #publish} and {@link #subscribe} hold the same lock,
 * so each subscriber sees frames once and in order.
 */
public final class Broadcaster {
    private static final Logger log = LoggerFactory.getLogger(Broadcaster.class);
    static final int POLICY_VIOLATION = 1008;
    static final int GOING_AWAY = 1001;

    private final long bufferLimit;
    private final @Nullable MessageDeflater deflater;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final Counter framesIn;
    private final Counter framesSentPlain;
    private final Counter framesSentDeflated;
    private final Counter bytesSentPlain;
    private final Counter bytesSentDeflated;
    private final Counter droppedSlow;
    private final Counter droppedShutdown;
    private final AtomicLong lastJsonBytes = new AtomicLong();
    private final AtomicLong lastDeflatedBytes = new AtomicLong();
    private final AtomicLong lastDeflateMicros = new AtomicLong();
    private @Nullable Frame latest;

    public Broadcaster(long bufferLimit, @Nullable MessageDeflater deflater, MeterRegistry meters) {
        this.bufferLimit = bufferLimit;
        this.deflater = deflater;
        Gauge.builder("rg.feed.server.subscribers", subscribers, Set::size)
                .description("Open subscriber sessions")
                .register(meters);
        framesIn = Counter.builder("rg.feed.server.frames")
                .description("Frames received from the upstream and broadcast")
                .register(meters);
        framesSentPlain = sent(meters, "rg.feed.server.frames.sent", "Frames written to subscribers", "identity");
        framesSentDeflated = sent(meters, "rg.feed.server.frames.sent", "Frames written to subscribers", "deflate");
        bytesSentPlain = sent(meters, "rg.feed.server.bytes.sent", "Frame payload bytes written", "identity");
        bytesSentDeflated = sent(meters, "rg.feed.server.bytes.sent", "Frame payload bytes written", "deflate");
        droppedSlow = dropped(meters, "slow_consumer");
        droppedShutdown = dropped(meters, "shutdown");
        Gauge.builder("rg.feed.server.frame.bytes", lastJsonBytes, AtomicLong::get)
                .description("Size of the latest frame's JSON")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("rg.feed.server.frame.deflated.bytes", lastDeflatedBytes, AtomicLong::get)
                .description("Size of the latest frame deflated (0 with permessage-deflate off)")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("rg.feed.server.frame.deflate.seconds", lastDeflateMicros, micros -> micros.get() / 1e6)
                .description("Time the latest frame took to deflate (once, for every subscriber)")
                .register(meters);
        Gauge.builder("rg.feed.server.subscriber.pending.bytes", this, Broadcaster::pendingBytes)
                .description("Frame bytes queued to subscribers that their sockets have not taken yet")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("rg.feed.server.netty.direct.memory", () -> PlatformDependent.usedDirectMemory())
                .description("Direct memory Netty holds (frames, socket buffers); -1 when Netty does not count it")
                .baseUnit("bytes")
                .register(meters);
    }

    private static Counter sent(MeterRegistry meters, String name, String description, String encoding) {
        return Counter.builder(name)
                .description(description + ", by encoding")
                .tag("encoding", encoding)
                .register(meters);
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("rg.feed.server.subscribers.dropped")
                .description("Subscribers closed by the server, by reason")
                .tag("reason", reason)
                .register(meters);
    }

    /** The {@code seq} for the next frame. */
    public long nextSeq() {
        return sequence.incrementAndGet();
    }

    /**
     * Broadcasts a frame: at once to subscribers without compression, then deflated (once) to the others. Called
     * from the upstream's thread.
     */
    public void publish(Frame frame) {
        lastJsonBytes.set(frame.jsonBytes());
        framesIn.increment();
        synchronized (this) {
            Frame previous = latest;
            latest = frame;
            if (previous != null) {
                previous.release();
            }
            for (Subscriber subscriber : subscribers) {
                if (!subscriber.deflate()) {
                    deliver(subscriber, frame);
                }
            }
        }
        MessageDeflater compressor = deflater;
        if (compressor == null) {
            return;
        }
        long started = System.nanoTime();
        byte[] json = new byte[frame.jsonBytes()];
        ByteBuf view = frame.jsonForWrite();
        try {
            view.readBytes(json);
        } finally {
            view.release();
        }
        byte[] compressed = compressor.deflate(json);
        lastDeflateMicros.set((System.nanoTime() - started) / 1000);
        lastDeflatedBytes.set(compressed.length);
        synchronized (this) {
            if (latest != frame) {
                return; // already replaced and released
            }
            frame.deflated(compressed);
            for (Subscriber subscriber : subscribers) {
                if (subscriber.deflate()) {
                    deliver(subscriber, frame);
                }
            }
        }
    }

    /** Adds a subscriber and sends it the latest frame (when there is one in its encoding yet). */
    public synchronized void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        Frame current = latest;
        if (current != null) {
            deliver(subscriber, current);
        }
    }

    public void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    private void deliver(Subscriber subscriber, Frame frame) {
        if (subscriber.closing()) {
            return;
        }
        ByteBuf payload = subscriber.deflate() ? frame.deflatedForWrite() : frame.jsonForWrite();
        if (payload == null) {
            return; // deflated copy not ready yet: the second half of publish delivers it
        }
        int size = payload.readableBytes();
        boolean deflated = subscriber.deflate();
        boolean queued = subscriber.offer(payload, deflated, bufferLimit, () -> {
            (deflated ? framesSentDeflated : framesSentPlain).increment();
            (deflated ? bytesSentDeflated : bytesSentPlain).increment(size);
        });
        if (!queued) {
            droppedSlow.increment();
            subscribers.remove(subscriber);
            String reason = "slow_consumer: " + subscriber.pendingBytes() + " bytes pending, limit " + bufferLimit;
            log.warn("Dropping subscriber {}: {}", subscriber.address(), reason);
            subscriber.close(POLICY_VIOLATION, reason);
        }
    }

    /** The latest frame, or null before the first. */
    public synchronized @Nullable Frame latest() {
        return latest;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    private long pendingBytes() {
        long sum = 0;
        for (Subscriber subscriber : subscribers) {
            sum += subscriber.pendingBytes();
        }
        return sum;
    }

    /** Closes every subscriber with 1001 {@code shutdown_drain}. */
    public void closeAll() {
        List<Subscriber> open = new ArrayList<>(subscribers);
        subscribers.clear();
        for (Subscriber subscriber : open) {
            droppedShutdown.increment();
            subscriber.close(GOING_AWAY, "shutdown_drain");
        }
    }
}
