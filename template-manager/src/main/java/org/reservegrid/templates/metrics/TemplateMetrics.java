package org.reservegrid.templates.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.reservegrid.noderpc.NodeErrorKind;

/**
 * The service's Prometheus meters. Names (after Prometheus conversion): {@code rg_template_fetch_seconds},
 * {@code rg_template_age_seconds}, {@code rg_template_verdict_latency_seconds}, {@code rg_template_errors_total},
 * {@code rg_templates_total}, {@code rg_template_verdicts_total}, {@code rg_template_verifier_connected},
 * {@code rg_template_verifier_queue}, {@code rg_template_node_up}, {@code rg_template_stream_subscribers},
 * {@code rg_template_submitblock_total}.
 */
public final class TemplateMetrics {
    private static final Duration[] FETCH_BUCKETS =
            buckets(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    private static final Duration[] VERDICT_BUCKETS = buckets(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000);

    private final MeterRegistry registry;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter> templates = new ConcurrentHashMap<>();
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> submits = new ConcurrentHashMap<>();
    private final Map<String, Timer> fetchTimers = new ConcurrentHashMap<>();
    private final Timer verdictLatency;
    private final AtomicInteger nodeUp = new AtomicInteger();
    private volatile long latestTemplateNanos;
    private volatile boolean anyTemplate;

    public TemplateMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String kind : ErrorKind.allLabels()) {
            errorCounter(kind);
        }
        verdictLatency = Timer.builder("rg.template.verdict.latency")
                .description("Time from handing a template to the verifier client to its outcome")
                .serviceLevelObjectives(VERDICT_BUCKETS)
                .register(registry);
        Gauge.builder("rg.template.age", this, TemplateMetrics::latestTemplateAgeSeconds)
                .description("Seconds since the newest template was received from the node (NaN before the first)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("rg.template.node.up", nodeUp, AtomicInteger::get)
                .description("1 when the last call to the node succeeded")
                .register(registry);
    }

    public void error(NodeErrorKind kind) {
        errorCounter(kind.label()).increment();
    }

    public void error(ErrorKind kind) {
        errorCounter(kind.label()).increment();
    }

    public void fetched(String source, long nanos) {
        fetchTimers
                .computeIfAbsent(
                        source,
                        key -> Timer.builder("rg.template.fetch")
                                .description("getblocktemplate round trip, including JSON parsing")
                                .tag("source", key)
                                .serviceLevelObjectives(FETCH_BUCKETS)
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void templatePublished(String source) {
        latestTemplateNanos = System.nanoTime();
        anyTemplate = true;
        templates
                .computeIfAbsent(
                        source,
                        key -> Counter.builder("rg.templates")
                                .description("Templates published (proposed and streamed)")
                                .tag("source", key)
                                .register(registry))
                .increment();
    }

    public void verdict(String outcome, long latencyNanos) {
        verdictLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
        verdicts.computeIfAbsent(
                        outcome,
                        key -> Counter.builder("rg.template.verdicts")
                                .description("Proposal outcomes")
                                .tag("outcome", key)
                                .register(registry))
                .increment();
    }

    public void submitted(String result) {
        submits.computeIfAbsent(
                        result,
                        key -> Counter.builder("rg.template.submitblock")
                                .description("submitblock relays by node answer")
                                .tag("result", key)
                                .register(registry))
                .increment();
    }

    public void nodeUp(boolean up) {
        nodeUp.set(up ? 1 : 0);
    }

    public void verifierGauges(IntSupplier connected, IntSupplier queueDepth) {
        Gauge.builder("rg.template.verifier.connected", connected, IntSupplier::getAsInt)
                .description("1 while the TCP connection to the verifier is up")
                .strongReference(true)
                .register(registry);
        Gauge.builder("rg.template.verifier.queue", queueDepth, IntSupplier::getAsInt)
                .description("Proposals waiting to be sent or for their verdict")
                .strongReference(true)
                .register(registry);
    }

    public void streamSubscribers(IntSupplier subscribers) {
        Gauge.builder("rg.template.stream.subscribers", subscribers, IntSupplier::getAsInt)
                .description("Open template stream connections")
                .strongReference(true)
                .register(registry);
    }

    public double errorCount(String kind) {
        return errorCounter(kind).count();
    }

    private double latestTemplateAgeSeconds() {
        return anyTemplate ? (System.nanoTime() - latestTemplateNanos) / 1e9 : Double.NaN;
    }

    private Counter errorCounter(String kind) {
        return errors.computeIfAbsent(
                kind,
                key -> Counter.builder("rg.template.errors")
                        .description("Errors by kind")
                        .tag("kind", key)
                        .register(registry));
    }

    private static Duration[] buckets(long... millis) {
        Duration[] durations = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            durations[i] = Duration.ofMillis(millis[i]);
        }
        return durations;
    }
}
