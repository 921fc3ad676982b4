package org.reservegrid.feedserver.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.config.TlsFiles;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.common.secret.Secret;

/**
 * Everything rg-feed-server reads from {@code VELDRA_*} variables, validated once at start-up; a bad value stops
 * start-up with a message naming the variable. docs/rg-feed-server.md has the table.
 *
 * @param bindAddress checked by {@link BindGuard}
 * @param port WebSocket, health and metrics port (0 picks a free one)
 * @param tls the HTTP server's PEM certificate and key, or null when TLS is off
 * @param upstream where frames come from
 * @param tokens subscriber tokens from {@code VELDRA_FEED_SERVER_TOKENS}
 * @param tokensFile the token file, re-read every {@code tokensFilePoll}
 * @param maxConnections concurrent subscribers in total
 * @param maxConnectionsPerIp concurrent subscribers from one address
 * @param subscriberBufferBytes bytes queued to one subscriber beyond which it is dropped as slow
 * @param readyMaxAge readiness fails when the upstream's last frame is older
 * @param permessageDeflate whether permessage-deflate is offered to subscribers
 * @param deflateLevel zlib level of the one compression per frame
 */
public record FeedServerSettings(
        InetAddress bindAddress,
        int port,
        @Nullable TlsFiles tls,
        Upstream upstream,
        List<Secret> tokens,
        @Nullable Path tokensFile,
        Duration tokensFilePoll,
        int maxConnections,
        int maxConnectionsPerIp,
        long subscriberBufferBytes,
        Duration readyMaxAge,
        boolean permessageDeflate,
        int deflateLevel) {

    public static final String BIND = "VELDRA_FEED_SERVER_BIND";
    public static final String PORT = "VELDRA_FEED_SERVER_PORT";
    public static final String TLS_MODE = "VELDRA_TLS_MODE";
    public static final String TLS_CERT = "VELDRA_TLS_CERT";
    public static final String TLS_KEY = "VELDRA_TLS_KEY";
    public static final String RPC_URL = "VELDRA_BITCOIND_RPC_URL";
    public static final String RPC_USER = "VELDRA_BITCOIND_RPC_USER";
    public static final String RPC_PASS = "VELDRA_BITCOIND_RPC_PASS";
    public static final String RPC_TIMEOUT = "VELDRA_BITCOIND_RPC_TIMEOUT_SECS";
    public static final String UPSTREAM_URL = "VELDRA_FEED_SERVER_UPSTREAM_URL";
    public static final String UPSTREAM_TOKEN = "VELDRA_FEED_SERVER_UPSTREAM_TOKEN";
    public static final String UPSTREAM_IDLE_TIMEOUT = "VELDRA_FEED_SERVER_UPSTREAM_IDLE_TIMEOUT_SECS";
    public static final String MAX_FRAME_BYTES = "VELDRA_FEED_SERVER_MAX_FRAME_BYTES";
    public static final String REFRESH = "VELDRA_FEED_SERVER_REFRESH_SECS";
    public static final String RECONNECT_INITIAL = "VELDRA_FEED_SERVER_RECONNECT_INITIAL_SECS";
    public static final String RECONNECT_MAX = "VELDRA_FEED_SERVER_RECONNECT_MAX_SECS";
    public static final String TOKENS = "VELDRA_FEED_SERVER_TOKENS";
    public static final String TOKENS_FILE = "VELDRA_FEED_SERVER_TOKENS_FILE";
    public static final String TOKENS_FILE_POLL = "VELDRA_FEED_SERVER_TOKENS_FILE_POLL_SECS";
    public static final String MAX_CONNECTIONS = "VELDRA_FEED_SERVER_MAX_CONNECTIONS";
    public static final String MAX_CONNECTIONS_PER_IP = "VELDRA_FEED_SERVER_MAX_CONNECTIONS_PER_IP";
    public static final String SUBSCRIBER_BUFFER_BYTES = "VELDRA_FEED_SERVER_SUBSCRIBER_BUFFER_BYTES";
    public static final String READY_MAX_AGE = "VELDRA_FEED_SERVER_READY_MAX_AGE_SECS";
    public static final String PERMESSAGE_DEFLATE = "VELDRA_FEED_SERVER_PERMESSAGE_DEFLATE";
    public static final String DEFLATE_LEVEL = "VELDRA_FEED_SERVER_DEFLATE_LEVEL";

    /** Shortest token accepted: a guessable token would defeat the point. */
    public static final int MIN_TOKEN_LENGTH = 16;

    /** Where frames come from. */
    public sealed interface Upstream {
        Duration reconnectInitial();

        Duration reconnectMax();
    }

    /**
     * A node's JSON-RPC: getblocktemplate long polls, re-asked at least every {@code refresh}.
     *
     * @param url without user info (refused), so it is safe to log
     */
    public record NodeUpstream(
            URI url,
            @Nullable Secret user,
            @Nullable Secret password,
            Duration rpcTimeout,
            Duration refresh,
            Duration reconnectInitial,
            Duration reconnectMax)
            implements Upstream {}

    /** Another feed server's {@code /ws}. */
    public record RelayUpstream(
            URI url,
            Optional<Secret> token,
            Duration idleTimeout,
            int maxFrameBytes,
            Duration reconnectInitial,
            Duration reconnectMax)
            implements Upstream {}

    public static FeedServerSettings from(EnvConfig env) {
        InetAddress bind = BindGuard.fromEnv(env).check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        int port = env.port(PORT, 8092);
        Duration reconnectInitial = positive(RECONNECT_INITIAL, env.seconds(RECONNECT_INITIAL, Duration.ofMillis(500)));
        Duration reconnectMax = positive(RECONNECT_MAX, env.seconds(RECONNECT_MAX, Duration.ofSeconds(30)));
        if (reconnectMax.compareTo(reconnectInitial) < 0) {
            throw new ConfigException(RECONNECT_MAX, "must be at least " + RECONNECT_INITIAL);
        }
        Upstream upstream;
        Optional<String> relay = env.string(UPSTREAM_URL);
        if (relay.isPresent()) {
            URI url = url(UPSTREAM_URL, relay.get(), List.of("ws", "wss"));
            int maxFrame = env.integer(MAX_FRAME_BYTES, 32 * 1024 * 1024);
            if (maxFrame < 64 * 1024) {
                throw new ConfigException(MAX_FRAME_BYTES, "must be at least 65536, got " + maxFrame);
            }
            upstream = new RelayUpstream(
                    url,
                    env.secret(UPSTREAM_TOKEN),
                    atLeast(UPSTREAM_IDLE_TIMEOUT, env.seconds(UPSTREAM_IDLE_TIMEOUT, Duration.ofSeconds(90)), 1000),
                    maxFrame,
                    reconnectInitial,
                    reconnectMax);
        } else {
            URI url = url(RPC_URL, env.string(RPC_URL, "http://127.0.0.1:18443"), List.of("http", "https"));
            Optional<Secret> user = env.secret(RPC_USER);
            Optional<Secret> password = env.secret(RPC_PASS);
            upstream = new NodeUpstream(
                    url,
                    user.orElse(null),
                    password.orElse(null),
                    atLeast(RPC_TIMEOUT, env.seconds(RPC_TIMEOUT, Duration.ofSeconds(10)), 100),
                    atLeast(REFRESH, env.seconds(REFRESH, Duration.ofSeconds(10)), 100),
                    reconnectInitial,
                    reconnectMax);
        }
        List<Secret> tokens = tokens(env.string(TOKENS).orElse(""));
        Path tokensFile = env.path(TOKENS_FILE).orElse(null);
        Duration poll = atLeast(TOKENS_FILE_POLL, env.seconds(TOKENS_FILE_POLL, Duration.ofSeconds(5)), 50);
        if (tokens.isEmpty() && tokensFile == null && !bind.isLoopbackAddress()) {
            throw new ConfigException(
                    TOKENS,
                    "subscribers must authenticate on a non-loopback bind: set " + TOKENS + " or " + TOKENS_FILE);
        }
        int perIp = atLeastOne(MAX_CONNECTIONS_PER_IP, env.integer(MAX_CONNECTIONS_PER_IP, 8));
        int total = atLeastOne(MAX_CONNECTIONS, env.integer(MAX_CONNECTIONS, 256));
        long buffer = env.longValue(SUBSCRIBER_BUFFER_BYTES, 32L * 1024 * 1024);
        if (buffer < 64 * 1024) {
            throw new ConfigException(SUBSCRIBER_BUFFER_BYTES, "must be at least 65536, got " + buffer);
        }
        Duration readyMaxAge = atLeast(READY_MAX_AGE, env.seconds(READY_MAX_AGE, Duration.ofSeconds(30)), 100);
        int level = env.integer(DEFLATE_LEVEL, 1);
        if (level < 1 || level > 9) {
            throw new ConfigException(DEFLATE_LEVEL, "must be between 1 and 9, got " + level);
        }
        return new FeedServerSettings(
                bind,
                port,
                TlsFiles.read(env, TLS_MODE, TLS_CERT, TLS_KEY, "rg-feed-server"),
                upstream,
                tokens,
                tokensFile,
                poll,
                total,
                perIp,
                buffer,
                readyMaxAge,
                env.flag(PERMESSAGE_DEFLATE, true),
                level);
    }

    /** Comma-separated tokens; each must be at least {@value #MIN_TOKEN_LENGTH} printable characters. */
    static List<Secret> tokens(String value) {
        List<Secret> tokens = new ArrayList<>();
        int position = 0;
        for (String item : value.split(",", -1)) {
            position++;
            String token = item.strip();
            if (token.isEmpty()) {
                continue;
            }
            String problem = tokenProblem(token);
            if (problem != null) {
                // The message names the item's position, never its value.
                throw new ConfigException(TOKENS, "token " + position + " " + problem);
            }
            tokens.add(Secret.of(token));
        }
        return List.copyOf(tokens);
    }

    /** Why a token is unacceptable, or null. */
    public static @Nullable String tokenProblem(String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            return "is shorter than " + MIN_TOKEN_LENGTH + " characters";
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ',') {
                return "holds a character outside printable ASCII (or a comma)";
            }
        }
        return null;
    }

    private static URI url(String name, String value, List<String> schemes) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "is not a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme) || url.getHost() == null) {
            throw new ConfigException(name, "must be a " + String.join(" or ", schemes) + " URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            // Credentials in a URL end up in logs; they have their own variables.
            throw new ConfigException(name, "must not carry credentials; use the user/password or token variables");
        }
        return url;
    }

    private static Duration positive(String name, Duration value) {
        return atLeast(name, value, 1);
    }

    private static Duration atLeast(String name, Duration value, long millis) {
        if (value.toMillis() < millis) {
            throw new ConfigException(name, "must be at least " + (millis / 1000.0) + " seconds");
        }
        return value;
    }

    private static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new ConfigException(name, "must be at least 1, got " + value);
        }
        return value;
    }
}
