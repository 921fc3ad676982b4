package org.reservegrid.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Instant;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.gateway.block.BlockStore;
import org.reservegrid.gateway.block.BlockSubmitter;
import org.reservegrid.gateway.metrics.GatewayMetrics;
import org.reservegrid.gateway.mode.ModeController;
import org.reservegrid.gateway.noise.NoiseIdentity;
import org.reservegrid.gateway.server.ChannelRegistry;
import org.reservegrid.gateway.server.ServerSettings;
import org.reservegrid.gateway.server.Sv2Server;
import org.reservegrid.gateway.sharelog.ShareLog;
import org.reservegrid.gateway.template.TemplateEvents;
import org.reservegrid.gateway.template.TemplateStreamClient;
import org.reservegrid.gateway.work.WorkFactory;
import org.reservegrid.gateway.work.WorkPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the gateway: share log, block submitter, Noise identity, SV2 server, work pipeline and template stream.
 * Shutdown runs in reverse: the stream and pipeline stop, the SV2 server drains (acknowledging durable shares and
 * closing channels with {@code shutdown_drain}), then the share log writes and fsyncs what is queued.
 */
@Configuration(proxyBeanMethods = false)
class GatewayBeans {
    private static final Logger log = LoggerFactory.getLogger(GatewayBeans.class);

    @Bean
    JsonMapper jsonMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
    }

    @Bean
    PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    GatewayMetrics gatewayMetrics(PrometheusMeterRegistry registry) {
        return new GatewayMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    ShareLog shareLog(GatewaySettings config, GatewayMetrics metrics) {
        ShareLog shareLog =
                new ShareLog(config.dataDir().resolve("share-log"), config.shareLogMaxBytes(), config.shareLogFsync());
        ShareLog.Recovery recovery = shareLog.open();
        if (recovery.tornBytes() > 0) {
            metrics.protocolError(GatewayReason.PROCESS_CRASH_RECOVERY);
        }
        metrics.gauge("rg.gateway.share.log.queue", "Accepted shares waiting to be written", shareLog::queued);
        metrics.gauge(
                "rg.gateway.share.log.durable.sequence",
                "Sequence number of the last durable share",
                shareLog::durableSequence);
        metrics.gauge(
                "rg.gateway.share.log.failed",
                "1 while the share log cannot make shares durable (disk full, read-only, gone): shares are refused",
                () -> shareLog.failure() == null ? 0 : 1);
        metrics.functionCounter(
                "rg.gateway.share.log.io.failures",
                "Failed share log writes, fsyncs and opens (each retry of an outage counts)",
                shareLog,
                ShareLog::ioFailures);
        return shareLog;
    }

    @Bean
    BlockStore blockStore(GatewaySettings config, JsonMapper jsonMapper) {
        BlockStore store = new BlockStore(config.dataDir().resolve("blocks.jsonl"), jsonMapper);
        try {
            store.load();
        } catch (IOException e) {
            log.warn("could not read earlier blocks from {}: {}", config.dataDir(), e.getMessage());
        }
        return store;
    }

    @Bean(destroyMethod = "close")
    BlockSubmitter blockSubmitter(
            GatewaySettings config, JsonMapper jsonMapper, BlockStore store, GatewayMetrics metrics) {
        return new BlockSubmitter(config.templateManagerUrl(), jsonMapper, store, metrics);
    }

    @Bean
    NoiseIdentity noiseIdentity(GatewaySettings config) {
        NoiseIdentity identity = NoiseIdentity.load(
                config.noiseServerKey(),
                config.noiseCertificate(),
                config.noiseAuthorityPublicKey(),
                config.dataDir(),
                Instant.now());
        log.info(
                "Noise authority public key (miners configure this): {} [{}; certificate valid until {}]",
                identity.authorityPublicKey(),
                identity.source(),
                Instant.ofEpochSecond(identity.notValidAfter()));
        return identity;
    }

    @Bean
    ChannelRegistry channelRegistry() {
        return new ChannelRegistry();
    }

    @Bean(destroyMethod = "close")
    Sv2Server sv2Server(
            GatewaySettings config,
            NoiseIdentity noise,
            ChannelRegistry registry,
            ShareLog shareLog,
            BlockSubmitter blocks,
            GatewayMetrics metrics)
            throws InterruptedException {
        ServerSettings settings = new ServerSettings(
                config.bind(),
                config.sv2Port(),
                config.sharesPerMinute(),
                config.vardiffReview(),
                config.hashrateWindow(),
                config.sharesToSettle(),
                config.shareBatchSize(),
                config.shareAckFlush(),
                config.shareRatePerSecond(),
                config.shareBurst(),
                config.maxConnections(),
                config.maxConnectionsPerIp(),
                config.connectionsPerIpPerSecond(),
                config.maxChannelsPerConnection(),
                config.maxChannels(),
                config.allowedMiners(),
                config.handshakeTimeout(),
                config.setupTimeout(),
                config.shutdownDrain());
        Sv2Server server = new Sv2Server(settings, noise.credentials(), registry, shareLog, blocks, metrics);
        server.start();
        return server;
    }

    @Bean(destroyMethod = "close")
    WorkPipeline workPipeline(GatewaySettings config, JsonMapper jsonMapper, Sv2Server server, GatewayMetrics metrics) {
        log.info(
                "mode {}, payout {}, pool tag '{}'",
                config.mode().mode().label(),
                config.payoutDescription(),
                config.poolTag());
        return new WorkPipeline(
                new TemplateEvents(jsonMapper),
                new WorkFactory(config.payoutScript(), config.poolTag()),
                new ModeController(config.mode()),
                server.registry()::distribute,
                metrics);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    TemplateStreamClient templateStreamClient(GatewaySettings config, WorkPipeline pipeline, GatewayMetrics metrics) {
        TemplateStreamClient client = new TemplateStreamClient(config.templateManagerUrl(), pipeline);
        metrics.gauge(
                "rg.gateway.template.stream.connected",
                "1 while the template stream is connected",
                () -> client.connected() ? 1 : 0);
        return client;
    }

    @Bean
    GatewayLifecycle gatewayLifecycle(TemplateStreamClient stream, Sv2Server server) {
        return new GatewayLifecycle(stream, server);
    }
}
