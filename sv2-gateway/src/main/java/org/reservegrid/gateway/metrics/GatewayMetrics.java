package org.reservegrid.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.gateway.mode.ModeCounters;

/**
 * The gateway's Prometheus meters; every label value is a GatewayReason code or a small fixed set. Names after
 * Prometheus conversion: {@code rg_gateway_connections}, {@code rg_gateway_connections_accepted_total},
 * {@code rg_gateway_connection_rejects_total{reason}}, {@code rg_gateway_protocol_errors_total{reason}},
 * {@code rg_gateway_channels}, {@code rg_gateway_channel_opens_total{result}}, {@code rg_gateway_shares_total{outcome,
 * reason}}, {@code rg_gateway_hashrate_hashes_per_second{kind}}, {@code rg_gateway_job_fanout_seconds},
 * {@code rg_gateway_templates_total{result}}, {@code rg_gateway_template_stream_connected},
 * {@code rg_gateway_blocks_total{result}}, {@code rg_gateway_mode_*}, {@code rg_gateway_share_log_*}.
 */
public final class GatewayMetrics {
    private static final Duration[] FANOUT_BUCKETS = {
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(1000)
    };

    private final MeterRegistry registry;
    private final Map<String, Counter> connectionRejects = new ConcurrentHashMap<>();
    private final Map<String, Counter> protocolErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> channelOpens = new ConcurrentHashMap<>();
    private final Map<String, Counter> shares = new ConcurrentHashMap<>();
    private final Map<String, Counter> templates = new ConcurrentHashMap<>();
    private final Map<String, Counter> blocks = new ConcurrentHashMap<>();
    private final Counter connectionsAccepted;
    private final Counter acceptedShares;
    private final Counter blockShares;
    private final AtomicReferenceArray<Counter> rejectedShares =
            new AtomicReferenceArray<>(GatewayReason.values().length);
    private final Timer fanout;
    private volatile ModeCounters modeCounters = new ModeCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        connectionsAccepted = Counter.builder("rg.gateway.connections.accepted")
                .description("SV2 connections accepted past the connection limits")
                .register(registry);
        fanout = Timer.builder("rg.gateway.job.fanout")
                .description(
                        "From reading a template off the stream to its jobs being flushed to a connection (one sample per connection)")
                .serviceLevelObjectives(FANOUT_BUCKETS)
                .register(registry);
        for (GatewayReason reason :
                new GatewayReason[] {GatewayReason.CONNECTION_RATE_LIMITED, GatewayReason.PEER_QUOTA_EXCEEDED}) {
            connectionRejected(reason, 0);
        }
        acceptedShares = share("accepted", "none");
        blockShares = share("block", "none");
        modeCounter(
                "rg.gateway.mode.holds", "Templates inline withheld after a rejecting verdict", ModeCounters::holds);
        modeCounter(
                "rg.gateway.mode.releases",
                "Rejected templates inline released anyway (stale hold expiry or prevhash window end)",
                ModeCounters::releases);
        modeCounter(
                "rg.gateway.mode.timeouts",
                "New-tip templates distributed unjudged because the verdict window expired",
                ModeCounters::prevhashWindowTimeouts);
        modeCounter(
                "rg.gateway.mode.would.hold",
                "Templates observe distributed although inline would have held them",
                ModeCounters::wouldHaveHeld);
        modeCounter("rg.gateway.mode.distributed", "Templates distributed to miners", ModeCounters::distributed);
        Gauge.builder("rg.gateway.mode.withheld", this, metrics -> metrics.modeCounters.withheld())
                .description("Templates withheld right now")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void connectionAccepted() {
        connectionsAccepted.increment();
    }

    public void connectionRejected(GatewayReason reason) {
        connectionRejected(reason, 1);
    }

    private void connectionRejected(GatewayReason reason, int amount) {
        connectionRejects
                .computeIfAbsent(
                        reason.code(),
                        code -> Counter.builder("rg.gateway.connection.rejects")
                                .description("Connections refused before the handshake")
                                .tag("reason", code)
                                .register(registry))
                .increment(amount);
    }

    public void protocolError(GatewayReason reason) {
        protocolErrors
                .computeIfAbsent(
                        reason.code(),
                        code -> Counter.builder("rg.gateway.protocol.errors")
                                .description(
                                        "Handshake and protocol failures, setup refusals and out-of-state messages (most close the connection)")
                                .tag("reason", code)
                                .register(registry))
                .increment();
    }

    /** {@code result} is {@code opened} or the GatewayReason code of the refusal. */
    public void channelOpen(String result) {
        channelOpens
                .computeIfAbsent(
                        result,
                        key -> Counter.builder("rg.gateway.channel.opens")
                                .description("OpenStandardMiningChannel requests by result")
                                .tag("result", key)
                                .register(registry))
                .increment();
    }

    public void shareAccepted(boolean block) {
        (block ? blockShares : acceptedShares).increment();
    }

    public void shareRejected(GatewayReason reason) {
        // Every share passes here: an array slot per reason spares the map lookup and key building.
        Counter counter = rejectedShares.get(reason.ordinal());
        if (counter == null) {
            counter = share("rejected", reason.code());
            rejectedShares.set(reason.ordinal(), counter);
        }
        counter.increment();
    }

    private Counter share(String outcome, String reason) {
        return shares.computeIfAbsent(
                outcome + "/" + reason,
                key -> Counter.builder("rg.gateway.shares")
                        .description("Submitted shares by outcome and GatewayReason")
                        .tag("outcome", outcome)
                        .tag("reason", reason)
                        .register(registry));
    }

    /** Accepted shares (including blocks), and rejected shares by GatewayReason code. */
    public ShareTotals shareTotals() {
        long accepted = 0;
        long blocks = 0;
        Map<String, Long> rejected = new TreeMap<>();
        for (Map.Entry<String, Counter> entry : shares.entrySet()) {
            long count = (long) entry.getValue().count();
            String key = entry.getKey();
            if (key.startsWith("accepted/")) {
                accepted += count;
            } else if (key.startsWith("block/")) {
                blocks += count;
            } else {
                rejected.merge(key.substring("rejected/".length()), count, Long::sum);
            }
        }
        return new ShareTotals(accepted + blocks, blocks, rejected);
    }

    /** @param accepted every accepted share, blocks included */
    public record ShareTotals(long accepted, long blocks, Map<String, Long> rejectedByReason) {}

    public void fanout(long nanos) {
        fanout.record(nanos, TimeUnit.NANOSECONDS);
    }

    public Timer fanoutTimer() {
        return fanout;
    }

    /** {@code result}: {@code received} or {@code malformed}; verdict events are {@code verdict}. */
    public void template(String result) {
        templates
                .computeIfAbsent(
                        result,
                        key -> Counter.builder("rg.gateway.templates")
                                .description("Template stream events by result")
                                .tag("result", key)
                                .register(registry))
                .increment();
    }

    public void block(String result) {
        blocks.computeIfAbsent(
                        result,
                        key -> Counter.builder("rg.gateway.blocks")
                                .description("Blocks found, by template-manager's submitblock result")
                                .tag("result", key)
                                .register(registry))
                .increment();
    }

    public void modeCounters(ModeCounters counters) {
        modeCounters = counters;
    }

    public ModeCounters modeCounters() {
        return modeCounters;
    }

    public void gauge(String name, String description, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description)
                .strongReference(true)
                .register(registry);
    }

    public void gauge(String name, String tagKey, String tagValue, String description, DoubleSupplier value) {
        Gauge.builder(name, value, DoubleSupplier::getAsDouble)
                .description(description)
                .tag(tagKey, tagValue)
                .strongReference(true)
                .register(registry);
    }

    private void modeCounter(String name, String description, ToDoubleFunction<ModeCounters> value) {
        FunctionCounter.builder(name, this, metrics -> value.applyAsDouble(metrics.modeCounters))
                .description(description)
                .register(registry);
    }
}
