package org.reservegrid.verifier.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.verifier.evaluation.PolicyStore;
import org.reservegrid.verifier.history.VerdictHistory;
import org.reservegrid.verifier.mempool.MempoolTracker;
import org.reservegrid.verifier.metrics.VerifierMetrics;
import org.reservegrid.verifier.policy.ActivePolicy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A one-call summary for the dashboard. Counts are since this process started. */
@RestController
class StatsController {
    private final VerifierMetrics metrics;
    private final PolicyStore policies;
    private final MempoolTracker mempool;
    private final VerdictHistory history;
    private final Instant startedAt = Instant.now();

    StatsController(VerifierMetrics metrics, PolicyStore policies, MempoolTracker mempool, VerdictHistory history) {
        this.metrics = metrics;
        this.policies = policies;
        this.mempool = mempool;
        this.history = history;
    }

    record Stats(
            Instant startedAt,
            long uptimeSecs,
            Verdicts verdicts,
            Evaluation evaluation,
            Tcp tcp,
            Policy policy,
            Mempool mempool,
            History history) {}

    record Verdicts(long total, long accepted, long rejected, Map<String, Long> byReason) {}

    record Evaluation(long count, double meanMicros, double recentMaxMicros) {}

    record Tcp(int openConnections) {}

    record Policy(boolean loaded, long version, @Nullable String sha256, long reloadsApplied, long reloadsRejected) {}

    record Mempool(
            long txCount,
            boolean healthy,
            @Nullable Instant lastSuccessAt,
            @Nullable String lastError) {}

    record History(long lastId, int queueDepth, long persisted, long dropped) {}

    @GetMapping("/api/stats")
    Stats stats() {
        Map<String, Long> counts = metrics.verdictCounts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long accepted = counts.getOrDefault(VerifierMetrics.ACCEPTED, 0L);
        VerifierMetrics.LatencySummary latency = metrics.evaluationLatency();
        ActivePolicy active = policies.active();
        MempoolTracker.Snapshot snapshot = mempool.lastSnapshot();
        return new Stats(
                startedAt,
                Duration.between(startedAt, Instant.now()).toSeconds(),
                new Verdicts(total, accepted, total - accepted, counts),
                new Evaluation(latency.count(), latency.meanMicros(), latency.maxMicros()),
                new Tcp(metrics.openConnections()),
                new Policy(
                        active != null,
                        active == null ? 0 : active.version(),
                        active == null ? null : active.sha256Hex(),
                        metrics.policyReloads(true),
                        metrics.policyReloads(false)),
                new Mempool(
                        mempool.view().txCount(),
                        mempool.healthy(),
                        snapshot == null ? null : snapshot.fetchedAt(),
                        mempool.lastError()),
                new History(history.lastId(), history.queueDepth(), history.persistedCount(), history.droppedCount()));
    }
}
