package org.reservegrid.verifier.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.springframework.stereotype.Component;

/**
 * The verifier's own meters. Prometheus names: {@code rg_verifier_verdicts_total{reason}} (reason is a verdict
 * reason code or {@code accepted}), {@code rg_verifier_evaluation_seconds} (histogram),
 * {@code rg_verifier_tcp_connections}, {@code rg_verifier_frames_rejected_total{reason}} and
 * {@code rg_verifier_policy_reloads_total{outcome}}. History and mempool meters live with their features.
 */
@Component
public class VerifierMetrics {
    public static final String ACCEPTED = "accepted";

    private final Counter accepted;
    private final Map<VerdictReason, Counter> rejected = new EnumMap<>(VerdictReason.class);
    private final Map<GatewayReason, Counter> framesRejected = new EnumMap<>(GatewayReason.class);
    private final Counter policyApplied;
    private final Counter policyRejected;
    private final Timer evaluation;
    private final AtomicInteger openConnections = new AtomicInteger();

    public VerifierMetrics(MeterRegistry registry) {
        accepted = verdictCounter(registry, ACCEPTED);
        for (VerdictReason reason : VerdictReason.values()) {
            rejected.put(reason, verdictCounter(registry, reason.text()));
        }
        for (GatewayReason reason : new GatewayReason[] {
            GatewayReason.FRAME_TOO_LARGE, GatewayReason.FRAME_DECODE_ERROR, GatewayReason.UNSUPPORTED_PROTOCOL_VERSION
        }) {
            framesRejected.put(
                    reason,
                    Counter.builder("rg.verifier.frames.rejected")
                            .description("TCP frames refused, by reason; each closes its connection")
                            .tag("reason", reason.code())
                            .register(registry));
        }
        policyApplied = reloadCounter(registry, "applied");
        policyRejected = reloadCounter(registry, "rejected");
        evaluation = Timer.builder("rg.verifier.evaluation")
                .description("Time to judge one template against the policy")
                .serviceLevelObjectives(
                        Duration.ofNanos(10_000),
                        Duration.ofNanos(50_000),
                        Duration.ofNanos(100_000),
                        Duration.ofNanos(500_000),
                        Duration.ofMillis(1),
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100))
                .register(registry);
        Gauge.builder("rg.verifier.tcp.connections", openConnections, AtomicInteger::get)
                .description("Open TCP connections")
                .register(registry);
    }

    private static Counter verdictCounter(MeterRegistry registry, String reason) {
        return Counter.builder("rg.verifier.verdicts")
                .description("Verdicts sent over TCP, by reason code (accepted for acceptances)")
                .tag("reason", reason)
                .register(registry);
    }

    private static Counter reloadCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("rg.verifier.policy.reloads")
                .description("Policy loads and runtime updates, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void verdict(TemplateVerdict verdict, long evaluationNanos) {
        VerdictReason reason = verdict.reasonCode();
        // The constructor registers a counter for every reason.
        (reason == null ? accepted : Objects.requireNonNull(rejected.get(reason))).increment();
        evaluation.record(evaluationNanos, TimeUnit.NANOSECONDS);
    }

    public void frameRejected(GatewayReason reason) {
        Counter counter = framesRejected.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }

    public void policyReload(boolean applied) {
        (applied ? policyApplied : policyRejected).increment();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public int openConnections() {
        return openConnections.get();
    }

    /** Verdict counts since start, keyed by reason code ({@code accepted} for acceptances), zeros omitted. */
    public Map<String, Long> verdictCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        put(counts, ACCEPTED, accepted);
        rejected.forEach((reason, counter) -> put(counts, reason.text(), counter));
        return counts;
    }

    public long policyReloads(boolean applied) {
        return (long) (applied ? policyApplied : policyRejected).count();
    }

    /** Evaluation latency: count, mean and max in microseconds, since start. */
    public LatencySummary evaluationLatency() {
        return new LatencySummary(
                evaluation.count(), evaluation.mean(TimeUnit.MICROSECONDS), evaluation.max(TimeUnit.MICROSECONDS));
    }

    private static void put(Map<String, Long> counts, String key, Counter counter) {
        long value = (long) counter.count();
        if (value > 0) {
            counts.put(key, value);
        }
    }

    /** Evaluation latency figures in microseconds. */
    public record LatencySummary(long count, double meanMicros, double maxMicros) {}
}
