package org.reservegrid.verifier.mempool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.reservegrid.verifier.config.VerifierSettings;
import org.reservegrid.verifier.policy.MempoolView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls template-manager's {@code GET /api/mempool} every {@code VELDRA_MEMPOOL_POLL_SECS} and keeps the last
 * transaction count ({@code size}, or {@code tx_count}). The count is used while it is younger than
 * {@code VELDRA_MEMPOOL_STALE_SECS} (30 s by default); after that the mempool is unknown, the policy's
 * {@code unknown_mempool_as_high} decides, and the verifier reports itself not ready.
 */
@Component
public final class MempoolTracker implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(MempoolTracker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI endpoint;
    private final Duration pollInterval;
    private final long staleAfterNanos;
    private final HttpClient client;
    private final Counter fetchOk;
    private final Counter fetchFailed;
    private final MempoolReadings readings;
    private volatile @Nullable Snapshot last;
    private volatile @Nullable String lastError = "no fetch attempted yet";
    private volatile boolean failing;
    private @Nullable ScheduledExecutorService scheduler;

    private final Clock clock;

    public MempoolTracker(VerifierSettings settings, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.endpoint = settings.templateManagerUrl().resolve("/api/mempool");
        this.pollInterval = settings.mempoolPollInterval();
        this.staleAfterNanos = settings.mempoolStaleAfter().toNanos();
        this.readings = new MempoolReadings(settings.mempoolStaleAfter());
        // HTTP/1.1 only: the JDK client's h2c upgrade attempt buys nothing against template-manager.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.fetchOk = Counter.builder("rg.verifier.mempool.fetches")
                .tag("outcome", "ok")
                .description("Mempool fetches from template-manager, by outcome")
                .register(registry);
        this.fetchFailed = Counter.builder("rg.verifier.mempool.fetches")
                .tag("outcome", "error")
                .description("Mempool fetches from template-manager, by outcome")
                .register(registry);
        Gauge.builder(
                        "rg.verifier.mempool.tx.count",
                        this,
                        tracker -> tracker.view().txCount())
                .description("Mempool transaction count in use, -1 when unknown")
                .register(registry);
    }

    /** A successful fetch. */
    public record Snapshot(long txCount, long fetchedAtNanos, Instant fetchedAt) {}

    /** The view the policy uses now: the last count while fresh, otherwise unknown. */
    public MempoolView view() {
        Snapshot snapshot = last;
        return snapshot != null && fresh(snapshot) ? new MempoolView(snapshot.txCount()) : MempoolView.unknown();
    }

    /**
     * The view for a template of {@code templateEpochSecond} (its {@code curtime}) judged at {@code now}: the
     * reading of the template's own time, not a later one (see {@link MempoolReadings}); {@link #view()} when the
     * template is of now's second or older than every kept reading.
     */
    public MempoolView viewAt(long templateEpochSecond, Instant now) {
        MempoolView then = readings.at(templateEpochSecond, now);
        return then == null ? view() : then;
    }

    /** True when a fetch succeeded within the staleness window. */
    public boolean healthy() {
        Snapshot snapshot = last;
        return snapshot != null && fresh(snapshot);
    }

    public @Nullable Snapshot lastSnapshot() {
        return last;
    }

    public @Nullable String lastError() {
        return lastError;
    }

    public URI endpoint() {
        return endpoint;
    }

    private boolean fresh(Snapshot snapshot) {
        return System.nanoTime() - snapshot.fetchedAtNanos() <= staleAfterNanos;
    }

    /** Fetches once; public so tests and the scheduler share the same path. */
    public void poll() {
        try {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                fail("HTTP " + response.statusCode() + " from " + endpoint);
                return;
            }
            long count = txCount(response.body());
            Snapshot snapshot = new Snapshot(count, System.nanoTime(), clock.instant());
            readings.add(new MempoolReadings.Reading(count, snapshot.fetchedAt()));
            last = snapshot;
            lastError = null;
            fetchOk.increment();
            if (failing) {
                failing = false;
                log.info("mempool fetch from {} recovered: {} transactions", endpoint, count);
            }
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            fail(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long txCount(byte[] body) {
        JsonNode json = JSON.readTree(body);
        JsonNode count = json.get("size");
        if (count == null || count.isNull()) {
            count = json.get("tx_count");
        }
        if (count == null || !count.isIntegralNumber() || !count.canConvertToLong() || count.longValue() < 0) {
            throw new IllegalArgumentException("mempool response has no non-negative integer size or tx_count");
        }
        return count.longValue();
    }

    private void fail(String message) {
        lastError = message;
        fetchFailed.increment();
        if (!failing) {
            failing = true;
            log.warn("mempool fetch from {} failed: {}", endpoint, message);
        } else {
            log.debug("mempool fetch from {} failed again: {}", endpoint, message);
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mempool-poll");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
        log.info("polling {} every {} ms", endpoint, pollInterval.toMillis());
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
