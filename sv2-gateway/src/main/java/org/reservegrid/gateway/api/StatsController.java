package org.reservegrid.gateway.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.reservegrid.gateway.block.BlockStore;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.mode.ModeCounters;
import org.reservegrid.gateway.server.ChannelRegistry;
import org.reservegrid.gateway.server.ChannelSnapshot;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.reservegrid.gateway.work.Work;
import org.reservegrid.gateway.work.WorkPipeline;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/stats}: a one-call summary of connections, shares, the template stream, the mode and the log. */
@RestController
class StatsController {
    private final Sv2Server server;
    private final WorkPipeline pipeline;
    private final TemplateStreamClient stream;
    private final ShareLog shareLog;
    private final BlockStore blockStore;
    private final GatewayMetrics metrics;
    private final long startedAtMillis = System.currentTimeMillis();

    StatsController(
            Sv2Server server,
            WorkPipeline pipeline,
            TemplateStreamClient stream,
            ShareLog shareLog,
            BlockStore blockStore,
            GatewayMetrics metrics) {
        this.server = server;
        this.pipeline = pipeline;
        this.stream = stream;
        this.shareLog = shareLog;
        this.blockStore = blockStore;
        this.metrics = metrics;
    }

    @GetMapping("/api/stats")
    Mono<ResponseEntity<Map<String, Object>>> stats() {
        return ChannelSnapshots.of(server)
                .map(channels -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(statsBody(channels)));
    }

    private Map<String, Object> statsBody(List<ChannelSnapshot> channels) {
        ChannelRegistry registry = server.registry();
        GatewayMetrics.ShareTotals shares = metrics.shareTotals();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", pipeline.mode());
        body.put("uptime_secs", (System.currentTimeMillis() - startedAtMillis) / 1000);
        body.put("connections", registry.connectionCount());
        body.put("channels", channels.size());
        body.put(
                "hashrate",
                Map.of(
                        "declared",
                                channels.stream()
                                        .mapToDouble(ChannelSnapshot::declaredHashrate)
                                        .sum(),
                        "measured",
                                channels.stream()
                                        .mapToDouble(ChannelSnapshot::measuredHashrate)
                                        .sum()));
        Map<String, Object> shareBody = new LinkedHashMap<>();
        shareBody.put("accepted", shares.accepted());
        shareBody.put("blocks", shares.blocks());
        shareBody.put("rejected", shares.rejectedByReason());
        body.put("shares", shareBody);
        body.put("blocks_found", blockStore.recent().size());
        body.put("template", templateBody());
        body.put("mode_settings", ModeSettingsBody.of(pipeline.modeSettings()));
        body.put("mode_counters", modeCounters(metrics.modeCounters()));
        body.put("share_log", shareLogBody());
        var fanout = metrics.fanoutTimer();
        Map<String, Object> fanoutBody = new LinkedHashMap<>();
        fanoutBody.put("count", fanout.count());
        fanoutBody.put("mean_ms", fanout.mean(TimeUnit.MILLISECONDS));
        fanoutBody.put("max_ms", fanout.max(TimeUnit.MILLISECONDS));
        body.put("job_fanout", fanoutBody);
        return body;
    }

    private Map<String, Object> templateBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("stream_connected", stream.connected());
        body.put("stream_problem", stream.problem());
        body.put("templates_received", pipeline.templatesReceived());
        body.put("last_event_id", stream.lastEventId());
        Work latest = pipeline.latestTemplate();
        Work current = server.registry().currentWork();
        body.put("latest_sequence", latest == null ? null : latest.sequence());
        body.put("distributed_sequence", current == null ? null : current.sequence());
        body.put("height", current == null ? null : current.template().height());
        body.put(
                "tx_count",
                current == null ? null : current.template().transactions().size());
        body.put("witness_commitment", current == null ? null : current.witnessCommitment());
        long lastEvent = stream.lastEventAtMillis();
        body.put("last_event_at", lastEvent == 0 ? null : lastEvent);
        return body;
    }

    private Map<String, Object> shareLogBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directory", shareLog.directory().toString());
        body.put("fsync", shareLog.policy().label());
        body.put("durable_sequence", shareLog.durableSequence());
        body.put("queued", shareLog.queued());
        body.put("recovered_torn_bytes", shareLog.recovery().tornBytes());
        body.put("failure", shareLog.failure());
        try {
            body.put("files", shareLog.files().size());
        } catch (IOException e) {
            body.put("files", null);
        }
        return body;
    }

    private static Map<String, Object> modeCounters(ModeCounters counters) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("templates", counters.templates());
        body.put("distributed", counters.distributed());
        body.put("holds", counters.holds());
        body.put("releases", counters.releases());
        body.put("timeouts", counters.prevhashWindowTimeouts());
        body.put("would_have_held", counters.wouldHaveHeld());
        body.put("withheld", counters.withheld());
        body.put("discarded", counters.discarded());
        return body;
    }
}
