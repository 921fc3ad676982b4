package org.reservegrid.feedserver.upstream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What readiness and metrics know about the upstream: whether it answers, when it last delivered a frame, and the
 * last failure. Written by the upstream's thread, read anywhere.
 */
public final class UpstreamStatus {
    private final String kind;
    private final String url;
    private final Counter errors;
    private volatile boolean up;
    private volatile long lastFrameNanos;
    private volatile boolean anyFrame;
    private volatile @Nullable String lastError;
    private volatile long lastHeight;

    public UpstreamStatus(String kind, String url, MeterRegistry meters) {
        this.kind = kind;
        this.url = url;
        this.errors = Counter.builder("rg.feed.server.upstream.errors")
                .description("Failed upstream calls or lost upstream connections")
                .register(meters);
        Gauge.builder("rg.feed.server.upstream.up", this, status -> status.up ? 1 : 0)
                .description("1 while the upstream answers")
                .register(meters);
        Gauge.builder("rg.feed.server.upstream.age", this, status -> {
                    Duration age = status.sinceLastFrame();
                    return age == null ? Double.NaN : age.toNanos() / 1e9;
                })
                .description("Seconds since the upstream last delivered a frame (NaN before the first)")
                .baseUnit("seconds")
                .register(meters);
    }

    void onFrame(long height) {
        up = true;
        anyFrame = true;
        lastFrameNanos = System.nanoTime();
        lastHeight = height;
        lastError = null;
    }

    void onConnected() {
        up = true;
    }

    void onFailure(String reason) {
        up = false;
        lastError = reason;
        errors.increment();
    }

    public String kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    public boolean up() {
        return up;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    public long lastHeight() {
        return lastHeight;
    }

    public @Nullable Duration sinceLastFrame() {
        return anyFrame ? Duration.ofNanos(System.nanoTime() - lastFrameNanos) : null;
    }
}
