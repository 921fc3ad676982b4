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
 *
 * <p>Beside them, the names SRI's monitoring (stratum-apps) exports for a pool's downstream side, where the meaning
 * is the same, so dashboards built for SRI read the gateway: {@code sv2_uptime_seconds},
 * {@code sv2_client_channels{channel_type}}, {@code sv2_client_shares_accepted_total},
 * {@code sv2_client_shares_rejected_total}, {@code sv2_client_blocks_found_total}. They are views over the meters
 * above (read at scrape time, never counted twice). SRI's {@code sv2_clients_total} and
 * {@code sv2_client_hashrate_total} are gauges, and the Prometheus Java client refuses a gauge name ending in
 * {@code _total}: those two are Prometheus recording rules (deploy/prometheus/rules/sv2-compat.yml). The mapping:
 * docs/monitoring.md.
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
    private final long startedAtNanos = System.nanoTime();

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
        // Present at 0 from the start, so an alert's increase() sees the first refusal of the share log too.
        for (GatewayReason reason :
                new GatewayReason[] {GatewayReason.SHARE_DROPPED_QUEUE_FULL, GatewayReason.SHARE_FORWARD_FAILED}) {
            rejectedShares.set(reason.ordinal(), share("rejected", reason.code()));
        }
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
        modeCounter(
                "rg.gateway.mode.stale.hold.expiries",
                "Held (rejected) templates inline distributed because the stale hold timer expired",
                ModeCounters::staleHoldExpiries);
        modeCounter("rg.gateway.mode.distributed", "Templates distributed to miners", ModeCounters::distributed);
        Gauge.builder("rg.gateway.mode.withheld", this, metrics -> metrics.modeCounters.withheld())
                .description("Templates withheld right now")
                .register(registry);
        registerSriNames();
    }

    /** SRI's names for the same facts, read from this class's meters at scrape time (see the class comment). */
    private void registerSriNames() {
        Gauge.builder("sv2.uptime.seconds", this, metrics -> (System.nanoTime() - metrics.startedAtNanos) / 1e9)
                .description("Gateway uptime in seconds (SRI's name)")
                .register(registry);
        Gauge.builder("sv2.client.channels", this, metrics -> metrics.gaugeValue("rg.gateway.channels"))
                .description("Open channels with miners by type (SRI's name; same as rg_gateway_channels)")
                .tag("channel_type", "standard")
                .register(registry);
        // The gateway refuses extended channels (extended_channel_unsupported): SRI's series is there, always 0.
        Gauge.builder("sv2.client.channels", () -> 0)
                .description("Open channels with miners by type (SRI's name; same as rg_gateway_channels)")
                .tag("channel_type", "extended")
                .register(registry);
        FunctionCounter.builder(
                        "sv2.client.shares.accepted",
                        this,
                        metrics -> metrics.shareTotals().accepted())
                .description("Shares accepted from miners, blocks included (SRI's name; rg_gateway_shares_total"
                        + " outcome accepted and block)")
                .register(registry);
        FunctionCounter.builder(
                        "sv2.client.shares.rejected",
                        this,
                        metrics -> metrics.shareTotals().rejectedByReason().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .description("Shares rejected (SRI's name, without its error_code split; by GatewayReason:"
                        + " rg_gateway_shares_total{outcome=\"rejected\"})")
                .register(registry);
        FunctionCounter.builder("sv2.client.blocks.found", blockShares, Counter::count)
                .description("Shares that found a block (SRI's name; rg_gateway_shares_total{outcome=\"block\"})")
                .register(registry);
    }

    private double gaugeValue(String name) {
        Gauge gauge = registry.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
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

    /** Accepted shares (including blocks), and rejected shares by GatewayReason code (reasons seen at least once). */
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
            } else if (count > 0) {
                // A reason registered ahead at 0 (share_dropped_queue_full) is not a refusal yet.
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

    /**
     * A counter read from its owner (a count kept elsewhere, such as the share log's I/O failures). Micrometer holds
     * the owner weakly, so it must be an object that lives as long as the service (a bean).
     */
    public <T> void functionCounter(String name, String description, T owner, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, owner, value).description(description).register(registry);
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
