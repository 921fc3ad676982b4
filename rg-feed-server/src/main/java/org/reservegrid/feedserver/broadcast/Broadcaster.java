package org.reservegrid.feedserver.broadcast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the latest frame and delivers every frame to every subscriber. A new subscriber gets the latest frame at
 * once. Each frame is serialised once and deflated at most once, on a thread of its own and only when a subscriber
 * negotiated permessage-deflate; subscribers write references to the same direct buffers. A subscriber whose unwritten bytes would pass the buffer limit is closed with status 1008 and reason
 * {@code slow_consumer: ...}, so memory stays bounded by the limit (in shared buffers) however slow a peer is.
 *
 * <p>Frames come from one upstream thread at a time; {@link #publish}, {@link #subscribe} and the deflate thread's
 * delivery hold the same lock, so each subscriber sees frames once and in order (a deflate subscriber may skip a
 * frame that a newer one replaced before it was compressed: it gets the newer one).
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
    private final @Nullable ExecutorService deflateThread;
    private @Nullable Frame latest;

    public Broadcaster(long bufferLimit, @Nullable MessageDeflater deflater, MeterRegistry meters) {
        this.bufferLimit = bufferLimit;
        this.deflater = deflater;
        this.deflateThread = deflater == null
                ? null
                : Executors.newSingleThreadExecutor(
                        Thread.ofPlatform().name("frame-deflate").daemon().factory());
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
                .description("Size of the latest frame deflated (0 until a subscriber negotiates permessage-deflate)")
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
     * Broadcasts a frame: at once to subscribers without compression; the deflated copy, made once on the deflate
     * thread, goes to the others when it is ready. Called from the upstream's thread.
     */
    public void publish(Frame frame) {
        lastJsonBytes.set(frame.jsonBytes());
        framesIn.increment();
        boolean anyDeflate = false;
        synchronized (this) {
            Frame previous = latest;
            latest = frame;
            if (previous != null) {
                previous.release();
            }
            for (Subscriber subscriber : subscribers) {
                if (subscriber.deflate()) {
                    anyDeflate = true;
                } else {
                    deliver(subscriber, frame);
                }
            }
        }
        if (anyDeflate) {
            requestDeflate(frame);
        }
    }

    /** Adds a subscriber and sends it the latest frame (deflating it first when nobody needed that yet). */
    public void subscribe(Subscriber subscriber) {
        Frame current;
        synchronized (this) {
            subscribers.add(subscriber);
            current = latest;
            if (current == null) {
                return;
            }
            if (!subscriber.deflate() || current.deflatedBytes() > 0) {
                deliver(subscriber, current);
                return;
            }
        }
        // A deflate subscriber and no compressed copy yet: the deflate thread's delivery includes this subscriber.
        requestDeflate(current);
    }

    /**
     * Compresses the frame once, off the upstream's thread (so the next frame is not held up) and only when a
     * subscriber negotiated permessage-deflate (so a deployment of identity subscribers never pays for it).
     */
    private void requestDeflate(Frame frame) {
        if (deflater == null || deflateThread == null || !frame.claimDeflate()) {
            return;
        }
        try {
            deflateThread.execute(() -> deflateAndDeliver(frame));
        } catch (RejectedExecutionException e) {
            log.debug("Not deflating frame {}: shutting down", frame.seq());
        }
    }

    private void deflateAndDeliver(Frame frame) {
        MessageDeflater compressor = Objects.requireNonNull(deflater);
        long started = System.nanoTime();
        byte[] json;
        synchronized (this) {
            if (latest != frame) {
                return; // already replaced and released
            }
            json = frame.jsonBytesCopy();
        }
        byte[] compressed = compressor.deflate(json);
        lastDeflateMicros.set((System.nanoTime() - started) / 1000);
        lastDeflatedBytes.set(compressed.length);
        synchronized (this) {
            if (latest != frame) {
                return;
            }
            frame.deflated(compressed);
            for (Subscriber subscriber : subscribers) {
                if (subscriber.deflate()) {
                    deliver(subscriber, frame);
                }
            }
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
            return; // deflated copy not ready yet: deflateAndDeliver delivers it
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

    /** Closes every subscriber with 1001 {@code shutdown_drain}, and stops compressing. */
    public void closeAll() {
        if (deflateThread != null) {
            deflateThread.shutdownNow();
        }
        List<Subscriber> open = new ArrayList<>(subscribers);
        subscribers.clear();
        for (Subscriber subscriber : open) {
            droppedShutdown.increment();
            subscriber.close(GOING_AWAY, "shutdown_drain");
        }
    }
}
