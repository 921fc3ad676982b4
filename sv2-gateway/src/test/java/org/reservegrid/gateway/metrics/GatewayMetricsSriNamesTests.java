package org.reservegrid.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.gateway.mode.ModeCounters;

/** SRI's names beside ours in the gateway's Prometheus text: the same values, read from the gateway's own meters. */
class GatewayMetricsSriNamesTests {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GatewayMetrics metrics = new GatewayMetrics(registry);

    @Test
    void sharesAndBlocksAppearUnderBothNames() {
        metrics.shareAccepted(false);
        metrics.shareAccepted(false);
        metrics.shareAccepted(true);
        metrics.shareRejected(GatewayReason.SHARE_DIFFICULTY_BELOW_TARGET);
        metrics.shareRejected(GatewayReason.SHARE_INVALID_JOB_ID);
        metrics.shareRejected(GatewayReason.SHARE_INVALID_JOB_ID);

        String text = registry.scrape();

        assertThat(text)
                .contains("rg_gateway_shares_total{outcome=\"accepted\",reason=\"none\"} 2.0")
                .contains("rg_gateway_shares_total{outcome=\"block\",reason=\"none\"} 1.0")
                .contains("sv2_client_shares_accepted_total 3.0")
                .contains("sv2_client_shares_rejected_total 3.0")
                .contains("sv2_client_blocks_found_total 1.0")
                .contains("# TYPE sv2_client_shares_accepted_total counter");
    }

    @Test
    void channelsFollowTheGatewaysChannelGaugeAndExtendedIsZero() {
        AtomicInteger channels = new AtomicInteger(4);
        metrics.gauge("rg.gateway.channels", "Open standard channels", channels::get);

        assertThat(registry.scrape())
                .contains("rg_gateway_channels 4.0")
                .contains("sv2_client_channels{channel_type=\"standard\"} 4.0")
                .contains("sv2_client_channels{channel_type=\"extended\"} 0.0");
        channels.set(1);
        assertThat(registry.scrape()).contains("sv2_client_channels{channel_type=\"standard\"} 1.0");
    }

    @Test
    void uptimeIsExportedUnderSrisName() {
        assertThat(registry.scrape()).containsPattern("(?m)^sv2_uptime_seconds [0-9.E-]+$");
    }

    @Test
    void staleHoldExpiriesAreCountedApartFromOtherReleases() {
        // templates, distributedAccepted, distributedUnchecked, staleHoldExpiries=2, prevhashWindowTimeouts=5,
        // prevhashRejectedReleases=3, ...
        metrics.modeCounters(new ModeCounters(20, 1, 0, 2, 5, 3, 6, 0, 0, 0, 0, 0, 0, 0, 1));

        assertThat(registry.scrape())
                .contains("rg_gateway_mode_stale_hold_expiries_total 2.0")
                .contains("rg_gateway_mode_releases_total 5.0")
                .contains("rg_gateway_mode_timeouts_total 5.0");
    }

    @Test
    void shareLogRefusalsAreExportedAtZeroBeforeTheFirstOne() {
        assertThat(registry.scrape())
                .contains("rg_gateway_shares_total{outcome=\"rejected\",reason=\"share_dropped_queue_full\"} 0.0");
        metrics.shareRejected(GatewayReason.SHARE_DROPPED_QUEUE_FULL);
        assertThat(registry.scrape())
                .contains("rg_gateway_shares_total{outcome=\"rejected\",reason=\"share_dropped_queue_full\"} 1.0");
        assertThat(metrics.shareTotals().rejectedByReason()).containsEntry("share_dropped_queue_full", 1L);
    }
}
