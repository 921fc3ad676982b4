package org.reservegrid.verifier.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.protocol.frame.VerifierFrames;

/**
 * Everything the verifier reads from {@code VELDRA_*} variables, validated once at start-up. A bad value fails
 * start-up with a message naming the variable (see {@link org.reservegrid.spring.startup.ConfigFailureAnalyzer}).
 *
 * @param bindAddress the address both servers bind, already checked by {@link BindGuard}
 * @param apiSecret bearer token for protected endpoints; {@link Secret#toString()} never shows it
 * @param historyRetention how long persisted verdicts are kept; {@link Duration#ZERO} keeps them forever
 * @param whatIfTemplates how many of the last templates judged over TCP the what-if replay keeps
 */
public record VerifierSettings(
        InetAddress bindAddress,
        int tcpPort,
        int httpPort,
        int maxFrameBytes,
        Path policyFile,
        URI templateManagerUrl,
        Duration mempoolPollInterval,
        Duration mempoolStaleAfter,
        Optional<Secret> apiSecret,
        boolean localhostBypass,
        TlsMode tlsMode,
        @Nullable Path tlsCert,
        @Nullable Path tlsKey,
        Path dataDir,
        int historyQueueCapacity,
        int historyRingSize,
        Duration historyRetention,
        int maxRequestBodyBytes,
        int whatIfTemplates) {

    public static final String BIND = "VELDRA_VERIFIER_BIND";
    public static final String TCP_PORT = "VELDRA_VERIFIER_TCP_PORT";
    public static final String HTTP_PORT = "VELDRA_VERIFIER_HTTP_PORT";
    public static final String MAX_FRAME_BYTES = "VELDRA_VERIFIER_MAX_FRAME_BYTES";
    public static final String POLICY_FILE = "VELDRA_POLICY_FILE";
    public static final String TEMPLATE_MANAGER_URL = "VELDRA_TEMPLATE_MANAGER_URL";
    public static final String MEMPOOL_POLL_SECS = "VELDRA_MEMPOOL_POLL_SECS";
    public static final String MEMPOOL_STALE_SECS = "VELDRA_MEMPOOL_STALE_SECS";
    public static final String API_SECRET = "VELDRA_API_SECRET";
    public static final String API_LOCALHOST_BYPASS = "VELDRA_API_LOCALHOST_BYPASS";
    public static final String TLS_MODE = "VELDRA_TLS_MODE";
    public static final String TLS_CERT = "VELDRA_TLS_CERT";
    public static final String TLS_KEY = "VELDRA_TLS_KEY";
    public static final String DATA_DIR = "VELDRA_DATA_DIR";
    public static final String HISTORY_QUEUE_CAPACITY = "VELDRA_HISTORY_QUEUE_CAPACITY";
    public static final String HISTORY_RING_SIZE = "VELDRA_HISTORY_RING_SIZE";
    public static final String HISTORY_RETENTION_DAYS = "VELDRA_HISTORY_RETENTION_DAYS";
    public static final String MAX_REQUEST_BODY_BYTES = "VELDRA_VERIFIER_MAX_HTTP_BODY_BYTES";
    public static final String WHATIF_TEMPLATES = "VELDRA_VERIFIER_WHATIF_TEMPLATES";

    /** Most templates the what-if ring may keep: a replay of them all stays well under a second. */
    public static final int MAX_WHATIF_TEMPLATES = 10_000;

    /** How the TCP and HTTP servers are secured. */
    public enum TlsMode {
        OFF,
        FILE,
        SELF_SIGNED;

        static TlsMode parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "off" -> OFF;
                case "file" -> FILE;
                case "self-signed", "self_signed", "selfsigned" -> SELF_SIGNED;
                default -> throw new ConfigException(TLS_MODE, "must be off, file or self-signed, got '" + value + "'");
            };
        }
    }

    public static VerifierSettings from(EnvConfig env) {
        InetAddress bind = BindGuard.fromEnv(env).check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        TlsMode tlsMode = TlsMode.parse(env.string(TLS_MODE, "off"));
        Path tlsCert = env.path(TLS_CERT).orElse(null);
        Path tlsKey = env.path(TLS_KEY).orElse(null);
        if (tlsMode == TlsMode.FILE && tlsCert == null) {
            throw new ConfigException(TLS_CERT, "must name a PEM certificate file when " + TLS_MODE + "=file");
        }
        if (tlsMode == TlsMode.FILE && tlsKey == null) {
            throw new ConfigException(TLS_KEY, "must name a PEM private key file when " + TLS_MODE + "=file");
        }
        int maxFrame = env.integer(MAX_FRAME_BYTES, VerifierFrames.DEFAULT_MAX_FRAME_BYTES);
        if (maxFrame < 64) {
            throw new ConfigException(MAX_FRAME_BYTES, "must be at least 64 bytes, got " + maxFrame);
        }
        Duration poll = env.seconds(MEMPOOL_POLL_SECS, Duration.ofSeconds(5));
        if (poll.toMillis() < 100) {
            throw new ConfigException(MEMPOOL_POLL_SECS, "must be at least 0.1 seconds");
        }
        Duration stale = env.seconds(MEMPOOL_STALE_SECS, Duration.ofSeconds(30));
        if (stale.compareTo(poll) <= 0) {
            throw new ConfigException(
                    MEMPOOL_STALE_SECS, "must be longer than " + MEMPOOL_POLL_SECS + " (" + poll.toMillis() + " ms)");
        }
        int retentionDays = env.integer(HISTORY_RETENTION_DAYS, 30);
        if (retentionDays < 0 || retentionDays > 36_500) {
            throw new ConfigException(
                    HISTORY_RETENTION_DAYS, "must be between 0 (keep forever) and 36500 days, got " + retentionDays);
        }
        int whatIfTemplates = env.integer(WHATIF_TEMPLATES, 500);
        if (whatIfTemplates < 1 || whatIfTemplates > MAX_WHATIF_TEMPLATES) {
            throw new ConfigException(
                    WHATIF_TEMPLATES,
                    "must be between 1 and " + MAX_WHATIF_TEMPLATES + " templates, got " + whatIfTemplates);
        }
        return new VerifierSettings(
                bind,
                env.port(TCP_PORT, 9090),
                env.port(HTTP_PORT, 8081),
                maxFrame,
                env.path(POLICY_FILE).orElse(Path.of("config/policy.toml")),
                url(env.string(TEMPLATE_MANAGER_URL, "http://127.0.0.1:8082")),
                poll,
                stale,
                env.secret(API_SECRET),
                env.flag(API_LOCALHOST_BYPASS, true),
                tlsMode,
                tlsCert,
                tlsKey,
                env.path(DATA_DIR).orElse(Path.of("data/pool-verifier")),
                positive(env, HISTORY_QUEUE_CAPACITY, 10_000),
                positive(env, HISTORY_RING_SIZE, 10_000),
                Duration.ofDays(retentionDays),
                positive(env, MAX_REQUEST_BODY_BYTES, 32 * 1024 * 1024),
                whatIfTemplates);
    }

    private static int positive(EnvConfig env, String name, int defaultValue) {
        int value = env.integer(name, defaultValue);
        if (value <= 0) {
            throw new ConfigException(name, "must be positive, got " + value);
        }
        return value;
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(TEMPLATE_MANAGER_URL, "must be an http or https URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(TEMPLATE_MANAGER_URL, "is not a valid URL: '" + value + "'");
        }
    }
}
