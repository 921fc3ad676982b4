package org.reservegrid.demofeed.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo feed, bound from {@code rg-demo-feed.properties}, where each one maps to a
 * {@code VELDRA_DEMO_FEED_*} environment variable.
 *
 * @param scenario scenario id
 * @param seed seed of the simulation; random (and logged) when absent
 * @param templateInterval time between template refreshes
 * @param blockInterval mean time between blocks
 * @param blockTiming {@code exponential} or {@code fixed}
 * @param startTime Unix time of the first frame; now when absent
 * @param startHeight height of the first template
 * @param maxConnectionsPerIp concurrent WebSocket clients allowed from one address
 * @param maxConnections concurrent WebSocket clients allowed in total
 * @param token bearer token clients must present; open when absent
 * @param allowNonLoopback {@code VELDRA_ALLOW_NON_LOOPBACK}
 */
@ConfigurationProperties("veldra.demo-feed")
public record DemoFeedProperties(
        String scenario,
        @Nullable Long seed,
        Duration templateInterval,
        Duration blockInterval,
        String blockTiming,
        @Nullable Long startTime,
        int startHeight,
        int maxConnectionsPerIp,
        int maxConnections,
        @Nullable String token,
        @Nullable String allowNonLoopback) {

    /** Hides the token from any accidental logging of the settings. */
    @Override
    public String toString() {
        return "DemoFeedProperties[scenario=" + scenario + ", seed=" + seed + ", templateInterval=" + templateInterval
                + ", blockInterval=" + blockInterval + ", blockTiming=" + blockTiming + ", startTime=" + startTime
                + ", startHeight=" + startHeight + ", maxConnectionsPerIp=" + maxConnectionsPerIp
                + ", maxConnections=" + maxConnections + ", token="
                + (token == null || token.isEmpty() ? "none" : "<redacted>")
                + "]";
    }
}
