package org.reservegrid.gateway.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.reservegrid.gateway.block.BlockStore;
import org.reservegrid.gateway.block.FoundBlock;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.mode.ModeCounters;
import org.reservegrid.gateway.noise.NoiseIdentity;
import org.reservegrid.gateway.server.ChannelRegistry;
import org.reservegrid.gateway.server.ChannelSnapshot;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.reservegrid.gateway.work.Work;
import org.reservegrid.gateway.work.WorkPipeline;
import org.reservegrid.spring.api.ApiErrors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every HTTP route (docs/sv2-gateway.md documents the bodies): {@code /api/channels}, {@code /api/stats},
 * {@code /api/blocks}, {@code /api/noise} and {@code /metrics} ({@code /health} and {@code /ready} are
 * reservegrid-spring's, from {@code health.ReadinessChecks}). Anything else is answered by reservegrid-spring's
 * error handler: 404 {@code not_found}.
 */
@Configuration(proxyBeanMethods = false)
class ApiRouter {
    private static final MediaType PROMETHEUS_TEXT =
            MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    @Bean
    RouterFunction<ServerResponse> routes(
            Sv2Server server,
            WorkPipeline pipeline,
            TemplateStreamClient stream,
            ShareLog shareLog,
            BlockStore blocks,
            GatewayMetrics metrics,
            NoiseIdentity noise,
            PrometheusMeterRegistry prometheus) {
        Routes routes = new Routes(server, pipeline, stream, shareLog, blocks, metrics, noise, prometheus);
        return RouterFunctions.route()
                .GET("/api/channels", routes::channels)
                .GET("/api/stats", routes::stats)
                .GET("/api/blocks", routes::blocks)
                .GET("/api/noise", routes::noise)
                .GET("/metrics", routes::metrics)
                .build();
    }

    private record Routes(
            Sv2Server server,
            WorkPipeline pipeline,
            TemplateStreamClient stream,
            ShareLog shareLog,
            BlockStore blockStore,
            GatewayMetrics metrics,
            NoiseIdentity noise,
            PrometheusMeterRegistry prometheus) {
        private static final long STARTED_AT = System.currentTimeMillis();
        private static final long SNAPSHOT_TIMEOUT_SECONDS = 5;

        Mono<ServerResponse> channels(ServerRequest request) {
            return withChannels(channels -> json(Map.of("count", channels.size(), "channels", channels)));
        }

        /** Answers from the channels' snapshots, or 503 when the event loops are too busy to give them in time. */
        private Mono<ServerResponse> withChannels(Function<List<ChannelSnapshot>, Mono<ServerResponse>> answer) {
            return Mono.fromFuture(server.registry().snapshots().orTimeout(SNAPSHOT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .flatMap(answer)
                    .onErrorResume(
                            TimeoutException.class,
                            e -> ApiErrors.error(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    "channels_unavailable",
                                    "the connections' event loops did not report their channels within "
                                            + SNAPSHOT_TIMEOUT_SECONDS + " s"));
        }

        Mono<ServerResponse> blocks(ServerRequest request) {
            List<FoundBlock> blocks = blockStore.recent();
            return json(Map.of("count", blocks.size(), "blocks", blocks));
        }

        Mono<ServerResponse> noise(ServerRequest request) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("authority_public_key", noise.authorityPublicKey());
            body.put("server_public_key", noise.serverPublicKey());
            body.put("valid_from", noise.validFrom());
            body.put("not_valid_after", noise.notValidAfter());
            body.put("source", noise.source());
            body.put("sv2_port", server.port());
            body.put("url", "stratum2+tcp://<host>:" + server.port() + "/" + noise.authorityPublicKey());
            return json(body);
        }

        Mono<ServerResponse> stats(ServerRequest request) {
            return withChannels(channels -> statsBody(channels));
        }

        private Mono<ServerResponse> statsBody(List<ChannelSnapshot> channels) {
            ChannelRegistry registry = server.registry();
            GatewayMetrics.ShareTotals shares = metrics.shareTotals();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("mode", pipeline.mode());
            body.put("uptime_secs", (System.currentTimeMillis() - STARTED_AT) / 1000);
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
            body.put("mode_counters", modeCounters(metrics.modeCounters()));
            body.put("share_log", shareLogBody());
            var fanout = metrics.fanoutTimer();
            Map<String, Object> fanoutBody = new LinkedHashMap<>();
            fanoutBody.put("count", fanout.count());
            fanoutBody.put("mean_ms", fanout.mean(TimeUnit.MILLISECONDS));
            fanoutBody.put("max_ms", fanout.max(TimeUnit.MILLISECONDS));
            body.put("job_fanout", fanoutBody);
            return json(body);
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

        Mono<ServerResponse> metrics(ServerRequest request) {
            return ServerResponse.ok().contentType(PROMETHEUS_TEXT).bodyValue(prometheus.scrape());
        }

        private static Mono<ServerResponse> json(Object body) {
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        }
    }
}
