package org.reservegrid.loadtest.sv2;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Counters and histograms every simulated miner writes to from its event loop. Thread-safe. */
final class LoadMetrics {

    final Histogram handshakeMicros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    final Histogram ackMicros = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicInteger channelsOpen = new AtomicInteger();
    final AtomicInteger channelsReady = new AtomicInteger();
    final AtomicInteger minersFailed = new AtomicInteger();
    final AtomicLong lastHandshakeNanos = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong lastReadyNanos = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong dispatched = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong answered = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong skippedWithoutWork = new AtomicLong();
    final AtomicLong successMessages = new AtomicLong();
    private final Map<String, AtomicLong> rejectedByCode = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errorsByKind = new ConcurrentHashMap<>();
    volatile long measureFromNanos = Long.MAX_VALUE;
    volatile boolean closing;

    void handshakeCompleted(long micros, long nowNanos) {
        handshakes.incrementAndGet();
        handshakeMicros.recordValue(Math.max(0, micros));
        lastHandshakeNanos.accumulateAndGet(nowNanos, Math::max);
    }

    void channelReady(long nowNanos) {
        channelsReady.incrementAndGet();
        lastReadyNanos.accumulateAndGet(nowNanos, Math::max);
    }

    void answered(long scheduledNanos, long nowNanos) {
        answered.incrementAndGet();
        if (scheduledNanos >= measureFromNanos) {
            ackMicros.recordValue(Math.max(0, (nowNanos - scheduledNanos) / 1_000));
        }
    }

    void rejected(String code) {
        rejectedByCode.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    void error(String kind) {
        errorsByKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> rejectedByCode() {
        return snapshot(rejectedByCode);
    }

    Map<String, Long> errorsByKind() {
        return snapshot(errorsByKind);
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }
}
