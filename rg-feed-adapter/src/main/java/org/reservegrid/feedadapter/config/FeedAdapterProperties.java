package org.reservegrid.feedadapter.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the adapter, bound from {@code rg-feed-adapter.properties}, where each one maps to an environment
 * variable (docs/feed-protocol.md lists them).
 *
 * @param url WebSocket URL of the feed ({@code VELDRA_FEED_URL})
 * @param token bearer token sent to the feed ({@code VELDRA_FEED_TOKEN}); never logged
 * @param reconnectInitial first reconnect delay; later ones double up to {@code reconnectMax}, with jitter
 * @param reconnectMax longest reconnect delay
 * @param idleTimeout a connection with no inbound frame (data or pong) for this long is dropped and redialled
 * @param longpollTimeout how long a getblocktemplate long poll waits for a new template before returning the
 *     current one
 * @param disconnectGrace how long the last template is still served after the feed connection is lost
 * @param maxFrameSize largest frame accepted from the feed
 * @param maxRequestSize largest JSON-RPC request body accepted
 * @param rpcUser JSON-RPC basic auth user ({@code VELDRA_BITCOIND_RPC_USER}); auth is off when user and password
 *     are both empty
 * @param rpcPass JSON-RPC basic auth password ({@code VELDRA_BITCOIND_RPC_PASS}); never logged
 * @param chain chain name reported by getblockchaininfo
 * @param allowNonLoopback {@code VELDRA_ALLOW_NON_LOOPBACK}
 */
@ConfigurationProperties("veldra.feed-adapter")
public record FeedAdapterProperties(
        String url,
        @Nullable String token,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration idleTimeout,
        Duration longpollTimeout,
        Duration disconnectGrace,
        DataSize maxFrameSize,
        DataSize maxRequestSize,
        @Nullable String rpcUser,
        @Nullable String rpcPass,
        String chain,
        @Nullable String allowNonLoopback) {

    /** Keeps the token and the RPC password out of any accidental logging of the settings. */
    @Override
    public String toString() {
        return "FeedAdapterProperties[url=" + url + ", token=" + redacted(token) + ", reconnectInitial="
                + reconnectInitial + ", reconnectMax=" + reconnectMax + ", idleTimeout=" + idleTimeout
                + ", longpollTimeout=" + longpollTimeout + ", disconnectGrace=" + disconnectGrace + ", maxFrameSize="
                + maxFrameSize + ", maxRequestSize=" + maxRequestSize + ", rpcUser=" + rpcUser + ", rpcPass="
                + redacted(rpcPass) + ", chain=" + chain + "]";
    }

    private static String redacted(@Nullable String secret) {
        return secret == null || secret.isEmpty() ? "none" : "<redacted>";
    }
}
