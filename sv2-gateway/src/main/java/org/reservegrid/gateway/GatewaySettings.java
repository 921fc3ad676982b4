package org.reservegrid.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.config.LogSettings;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.gateway.mode.ModeSettings;
import org.reservegrid.gateway.sharelog.FsyncPolicy;
import org.reservegrid.gateway.work.PayoutScript;
import org.reservegrid.sv2.noise.NoiseKeyFiles;

/**
 * Start-up configuration from {@code VELDRA_*} environment variables (docs/sv2-gateway.md lists them). A malformed
 * value stops the service with a message naming the variable.
 */
public record GatewaySettings(
        InetAddress bind,
        int httpPort,
        int sv2Port,
        URI templateManagerUrl,
        byte[] payoutScript,
        String payoutDescription,
        String poolTag,
        double sharesPerMinute,
        Duration vardiffReview,
        Duration hashrateWindow,
        int sharesToSettle,
        int shareBatchSize,
        Duration shareAckFlush,
        int shareRatePerSecond,
        int shareBurst,
        int maxConnections,
        int maxConnectionsPerIp,
        int connectionsPerIpPerSecond,
        int maxChannelsPerConnection,
        int maxChannels,
        Set<String> allowedMiners,
        Duration handshakeTimeout,
        Duration setupTimeout,
        Duration shutdownDrain,
        Path dataDir,
        long shareLogMaxBytes,
        FsyncPolicy shareLogFsync,
        @Nullable Path noiseServerKey,
        @Nullable Path noiseCertificate,
        @Nullable String noiseAuthorityPublicKey,
        ModeSettings mode,
        LogSettings logging) {

    public static final String BIND = "VELDRA_GATEWAY_BIND";
    public static final String HTTP_PORT = "VELDRA_GATEWAY_HTTP_PORT";
    public static final String SV2_PORT = "VELDRA_GATEWAY_SV2_PORT";
    public static final String TEMPLATE_MANAGER_URL = "VELDRA_TEMPLATE_MANAGER_URL";
    public static final String PAYOUT_SCRIPT = "VELDRA_GATEWAY_PAYOUT_SCRIPT";
    public static final String PAYOUT_ADDRESS = "VELDRA_GATEWAY_PAYOUT_ADDRESS";
    public static final String POOL_TAG = "VELDRA_GATEWAY_POOL_TAG";
    public static final String SHARES_PER_MINUTE = "VELDRA_GATEWAY_SHARES_PER_MINUTE";
    public static final String VARDIFF_REVIEW = "VELDRA_GATEWAY_VARDIFF_REVIEW_SECS";
    public static final String HASHRATE_WINDOW = "VELDRA_GATEWAY_HASHRATE_WINDOW_SECS";
    public static final String SHARES_TO_SETTLE = "VELDRA_GATEWAY_HASHRATE_SETTLE_SHARES";
    public static final String SHARE_BATCH_SIZE = "VELDRA_GATEWAY_SHARE_BATCH_SIZE";
    public static final String SHARE_ACK_FLUSH = "VELDRA_GATEWAY_SHARE_ACK_FLUSH_SECS";
    public static final String SHARE_RATE = "VELDRA_GATEWAY_SHARE_RATE_PER_SEC";
    public static final String SHARE_BURST = "VELDRA_GATEWAY_SHARE_BURST";
    public static final String MAX_CONNECTIONS = "VELDRA_GATEWAY_MAX_CONNECTIONS";
    public static final String MAX_CONNECTIONS_PER_IP = "VELDRA_GATEWAY_MAX_CONNECTIONS_PER_IP";
    public static final String CONNECTION_RATE_PER_IP = "VELDRA_GATEWAY_CONNECTIONS_PER_IP_PER_SEC";
    public static final String MAX_CHANNELS_PER_CONNECTION = "VELDRA_GATEWAY_MAX_CHANNELS_PER_CONNECTION";
    public static final String MAX_CHANNELS = "VELDRA_GATEWAY_MAX_CHANNELS";
    public static final String ALLOWED_MINERS = "VELDRA_GATEWAY_ALLOWED_MINERS";
    public static final String HANDSHAKE_TIMEOUT = "VELDRA_GATEWAY_HANDSHAKE_TIMEOUT_SECS";
    public static final String SETUP_TIMEOUT = "VELDRA_GATEWAY_SETUP_TIMEOUT_SECS";
    public static final String SHUTDOWN_DRAIN = "VELDRA_GATEWAY_SHUTDOWN_DRAIN_SECS";
    public static final String DATA_DIR = "VELDRA_DATA_DIR";
    public static final String SHARE_LOG_MAX_BYTES = "VELDRA_GATEWAY_SHARE_LOG_MAX_BYTES";
    public static final String SHARE_LOG_FSYNC = "VELDRA_GATEWAY_SHARE_LOG_FSYNC";
    public static final String NOISE_AUTHORITY_PUBKEY = "VELDRA_NOISE_AUTHORITY_PUBKEY";

    /** The pool tag goes into the coinbase scriptSig, which consensus caps at 100 bytes. */
    static final int MAX_POOL_TAG_LENGTH = 40;

    public static GatewaySettings from(EnvConfig env) {
        LogSettings logging = LogSettings.from(env);
        BindGuard guard = BindGuard.fromEnv(env);
        InetAddress bind = guard.check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        int httpPort = env.port(HTTP_PORT, 8080);
        int sv2Port = env.port(SV2_PORT, 3333);
        URI templateManager = templateManagerUrl(env.string(TEMPLATE_MANAGER_URL, "http://127.0.0.1:8082"));

        byte[] payout;
        String payoutDescription;
        var script = env.string(PAYOUT_SCRIPT);
        var address = env.string(PAYOUT_ADDRESS);
        if (script.isPresent() && address.isPresent()) {
            throw new ConfigException(PAYOUT_SCRIPT, "set either it or " + PAYOUT_ADDRESS + ", not both");
        } else if (script.isPresent()) {
            payout = parse(PAYOUT_SCRIPT, () -> PayoutScript.fromHex(script.get()));
            payoutDescription = "script";
        } else if (address.isPresent()) {
            payout = parse(PAYOUT_ADDRESS, () -> PayoutScript.fromAddress(address.get()));
            payoutDescription = "address " + address.get();
        } else {
            throw new ConfigException(
                    PAYOUT_SCRIPT,
                    "is required (or " + PAYOUT_ADDRESS + "): the coinbase of every block found pays to it");
        }

        String poolTag = env.string(POOL_TAG, "ReserveGrid");
        if (poolTag.length() > MAX_POOL_TAG_LENGTH
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(poolTag)
                || poolTag.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/')) {
            throw new ConfigException(
                    POOL_TAG, "must be at most " + MAX_POOL_TAG_LENGTH + " printable ASCII characters without '/'");
        }
        double sharesPerMinute = positiveNumber(env, SHARES_PER_MINUTE, 18, 0.001, 6000);
        Duration vardiffReview = positiveSeconds(env, VARDIFF_REVIEW, 60);
        Duration hashrateWindow = positiveSeconds(env, HASHRATE_WINDOW, 300);
        int sharesToSettle = bounded(env, SHARES_TO_SETTLE, 16, 1, 100_000);
        int batchSize = bounded(env, SHARE_BATCH_SIZE, 10, 1, 10_000);
        Duration ackFlush = positiveSeconds(env, SHARE_ACK_FLUSH, 1);
        int shareRate = bounded(env, SHARE_RATE, 50, 1, 1_000_000);
        int shareBurst = bounded(env, SHARE_BURST, Math.max(200, shareRate), 1, 10_000_000);
        int maxConnections = bounded(env, MAX_CONNECTIONS, 10_000, 1, 1_000_000);
        int perIp = bounded(env, MAX_CONNECTIONS_PER_IP, 256, 1, 1_000_000);
        int perIpRate = bounded(env, CONNECTION_RATE_PER_IP, 20, 1, 1_000_000);
        int channelsPerConnection = bounded(env, MAX_CHANNELS_PER_CONNECTION, 64, 1, 1_000_000);
        int maxChannels = bounded(env, MAX_CHANNELS, 100_000, 1, 10_000_000);
        Set<String> allowed = Arrays.stream(env.string(ALLOWED_MINERS, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        Duration handshake = positiveSeconds(env, HANDSHAKE_TIMEOUT, 10);
        Duration setup = positiveSeconds(env, SETUP_TIMEOUT, 10);
        Duration drain = env.seconds(SHUTDOWN_DRAIN, Duration.ofSeconds(5));
        Path dataDir = env.path(DATA_DIR).orElse(Path.of("data")).toAbsolutePath();
        long maxBytes = env.longValue(SHARE_LOG_MAX_BYTES, 64L * 1024 * 1024);
        if (maxBytes < 4096) {
            throw new ConfigException(SHARE_LOG_MAX_BYTES, "must be at least 4096, got " + maxBytes);
        }
        FsyncPolicy fsync = parse(SHARE_LOG_FSYNC, () -> FsyncPolicy.parse(env.string(SHARE_LOG_FSYNC, "ack")));

        Path serverKey = env.path(NoiseKeyFiles.ENV_SERVER_KEY).orElse(null);
        Path certificate = env.path(NoiseKeyFiles.ENV_CERTIFICATE).orElse(null);
        if ((serverKey == null) != (certificate == null)) {
            throw new ConfigException(
                    serverKey == null ? NoiseKeyFiles.ENV_SERVER_KEY : NoiseKeyFiles.ENV_CERTIFICATE,
                    "must be set together with "
                            + (serverKey == null ? NoiseKeyFiles.ENV_CERTIFICATE : NoiseKeyFiles.ENV_SERVER_KEY));
        }
        String authority = env.string(NOISE_AUTHORITY_PUBKEY).orElse(null);

        ModeSettings mode = ModeSettings.fromEnv(env);
        return new GatewaySettings(
                bind,
                httpPort,
                sv2Port,
                templateManager,
                payout,
                payoutDescription,
                poolTag,
                sharesPerMinute,
                vardiffReview,
                hashrateWindow,
                sharesToSettle,
                batchSize,
                ackFlush,
                shareRate,
                shareBurst,
                maxConnections,
                perIp,
                perIpRate,
                channelsPerConnection,
                maxChannels,
                allowed,
                handshake,
                setup,
                drain,
                dataDir,
                maxBytes,
                fsync,
                serverKey,
                certificate,
                authority,
                mode,
                logging);
    }

    private static URI templateManagerUrl(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    TEMPLATE_MANAGER_URL, "must be an http(s) URL like http://127.0.0.1:8082, got '" + value + "'");
        }
    }

    private static <T> T parse(String name, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            // A parser's exception may carry no message; ConfigException concatenates it either way.
            throw new ConfigException(name, String.valueOf(e.getMessage()));
        }
    }

    private static int bounded(EnvConfig env, String name, int defaultValue, int min, int max) {
        int value = env.integer(name, defaultValue);
        if (value < min || value > max) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private static double positiveNumber(EnvConfig env, String name, double defaultValue, double min, double max) {
        String text = env.string(name).orElse(null);
        if (text == null) {
            return defaultValue;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a number, got '" + text + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + text);
        }
        return value;
    }

    private static Duration positiveSeconds(EnvConfig env, String name, double defaultSeconds) {
        Duration value = env.seconds(name, Duration.ofMillis(Math.round(defaultSeconds * 1000)));
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(name, "must be a positive number of seconds");
        }
        return value;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "GatewaySettings[bind=" + bind.getHostAddress() + ", http=" + httpPort + ", sv2=" + sv2Port
                + ", templateManager=" + templateManagerUrl + ", mode="
                + mode.mode().label() + ", dataDir=" + dataDir + "]";
    }
}
