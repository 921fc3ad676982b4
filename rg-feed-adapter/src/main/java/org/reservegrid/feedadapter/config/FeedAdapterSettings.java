package org.reservegrid.feedadapter.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.common.secret.Secret;

/**
 * Everything the adapter reads from {@code VELDRA_*} variables, validated once at start-up. A bad value fails
 * start-up with a message naming the variable (see {@link org.reservegrid.spring.startup.ConfigFailureAnalyzer}).
 *
 * @param bindAddress the address the server binds, already checked by {@link BindGuard}
 * @param port JSON-RPC, health and metrics port (0 picks a free one)
 * @param feedUrl WebSocket URL of the feed
 * @param feedToken bearer token sent to the feed
 * @param reconnectInitial first reconnect delay; later ones double up to {@code reconnectMax}, with jitter
 * @param reconnectMax longest reconnect delay
 * @param idleTimeout a connection with no inbound frame (data or pong) for this long is dropped and redialled
 * @param longpollTimeout how long a getblocktemplate long poll waits for a new template
 * @param disconnectGrace how long the last template is still served after the feed connection is lost
 * @param maxFrameBytes largest frame accepted from the feed
 * @param maxRequestBytes largest JSON-RPC request body accepted
 * @param rpcUser basic auth user, present exactly when {@code rpcPassword} is
 * @param rpcPassword basic auth password; JSON-RPC is open without one
 * @param chain chain name reported by getblockchaininfo
 */
public record FeedAdapterSettings(
        InetAddress bindAddress,
        int port,
        URI feedUrl,
        Optional<Secret> feedToken,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration idleTimeout,
        Duration longpollTimeout,
        Duration disconnectGrace,
        int maxFrameBytes,
        int maxRequestBytes,
        Optional<String> rpcUser,
        Optional<Secret> rpcPassword,
        String chain) {

    public static final String BIND = "VELDRA_FEED_ADAPTER_BIND";
    public static final String PORT = "VELDRA_FEED_ADAPTER_PORT";
    public static final String FEED_URL = "VELDRA_FEED_URL";
    public static final String FEED_TOKEN = "VELDRA_FEED_TOKEN";
    public static final String RECONNECT_INITIAL_SECS = "VELDRA_FEED_RECONNECT_INITIAL_SECS";
    public static final String RECONNECT_MAX_SECS = "VELDRA_FEED_RECONNECT_MAX_SECS";
    public static final String IDLE_TIMEOUT_SECS = "VELDRA_FEED_IDLE_TIMEOUT_SECS";
    public static final String LONGPOLL_TIMEOUT_SECS = "VELDRA_FEED_LONGPOLL_TIMEOUT_SECS";
    public static final String DISCONNECT_GRACE_SECS = "VELDRA_FEED_DISCONNECT_GRACE_SECS";
    public static final String MAX_FRAME_BYTES = "VELDRA_FEED_MAX_FRAME_BYTES";
    public static final String MAX_REQUEST_BYTES = "VELDRA_FEED_ADAPTER_MAX_REQUEST_BYTES";
    public static final String RPC_USER = "VELDRA_BITCOIND_RPC_USER";
    public static final String RPC_PASS = "VELDRA_BITCOIND_RPC_PASS";
    public static final String CHAIN = "VELDRA_FEED_CHAIN";

    /** The RPC user when only a password is given, as in the project's bitcoind set-up. */
    public static final String DEFAULT_RPC_USER = "reservegrid";

    public static FeedAdapterSettings from(EnvConfig env) {
        InetAddress bind = BindGuard.fromEnv(env).check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        Duration reconnectInitial =
                positive(RECONNECT_INITIAL_SECS, env.seconds(RECONNECT_INITIAL_SECS, Duration.ofMillis(500)));
        Duration reconnectMax = env.seconds(RECONNECT_MAX_SECS, Duration.ofSeconds(30));
        if (reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new ConfigException(
                    RECONNECT_MAX_SECS,
                    "must be at least " + RECONNECT_INITIAL_SECS + " (" + reconnectInitial.toMillis() + " ms)");
        }
        Optional<Secret> password = env.secret(RPC_PASS);
        Optional<String> user = env.string(RPC_USER);
        if (user.isPresent() && password.isEmpty()) {
            throw new ConfigException(RPC_PASS, "must be set when " + RPC_USER + " is");
        }
        return new FeedAdapterSettings(
                bind,
                env.port(PORT, 8091),
                feedUrl(env.string(FEED_URL, "ws://127.0.0.1:8090/ws")),
                env.secret(FEED_TOKEN),
                reconnectInitial,
                reconnectMax,
                positive(IDLE_TIMEOUT_SECS, env.seconds(IDLE_TIMEOUT_SECS, Duration.ofSeconds(90))),
                positive(LONGPOLL_TIMEOUT_SECS, env.seconds(LONGPOLL_TIMEOUT_SECS, Duration.ofSeconds(60))),
                env.seconds(DISCONNECT_GRACE_SECS, Duration.ofSeconds(30)),
                atLeast(MAX_FRAME_BYTES, env.integer(MAX_FRAME_BYTES, 32 * 1024 * 1024), 1024),
                atLeast(MAX_REQUEST_BYTES, env.integer(MAX_REQUEST_BYTES, 16 * 1024 * 1024), 1024),
                password.map(secret -> user.orElse(DEFAULT_RPC_USER)),
                password,
                env.string(CHAIN, "main"));
    }

    /** The URL is checked without echoing it: it may carry credentials. */
    private static URI feedUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(FEED_URL, "is not a valid URL (" + e.getReason() + ")");
        }
        if (!("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException(
                    FEED_URL, "must be a ws:// or wss:// URL with a host, such as ws://127.0.0.1:8090/ws");
        }
        return uri;
    }

    private static Duration positive(String name, Duration value) {
        if (value.isZero()) {
            throw new ConfigException(name, "must be more than 0 seconds");
        }
        return value;
    }

    private static int atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new ConfigException(name, "must be at least " + minimum + ", got " + value);
        }
        return value;
    }
}
