package org.reservegrid.templates;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.config.LogSettings;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.templates.settings.InvalidSettingsException;
import org.reservegrid.templates.settings.RuntimeSettings;

/**
 * Start-up configuration from {@code VELDRA_*} environment variables (see docs/template-manager.md). A malformed
 * value stops the service with a message naming the variable.
 *
 * @param zmqEndpoint the node's ZMQ hashblock publisher, e.g. {@code tcp://127.0.0.1:28332}; null disables ZMQ
 * @param protocolVersion the protocol version sent in every TemplatePropose
 * @param coinbaseSigops sigops cost reserved for the pool's coinbase in every TemplatePropose
 * @param history how many recent templates are kept for {@code /api/templates} and stream resumption
 */
public record TemplateManagerSettings(
        InetAddress httpBind,
        int httpPort,
        RuntimeSettings initialSettings,
        @Nullable String zmqEndpoint,
        InetSocketAddress verifierAddress,
        int verifierQueue,
        int protocolVersion,
        long coinbaseSigops,
        int history,
        LogSettings logging) {

    public static final String HTTP_PORT = "VELDRA_TEMPLATE_MANAGER_HTTP_PORT";
    public static final String BIND = "VELDRA_TEMPLATE_MANAGER_BIND";
    public static final String RPC_URL = "VELDRA_BITCOIND_RPC_URL";
    public static final String RPC_USER = "VELDRA_BITCOIND_RPC_USER";
    public static final String RPC_PASS = "VELDRA_BITCOIND_RPC_PASS";
    public static final String RPC_TIMEOUT = "VELDRA_BITCOIND_RPC_TIMEOUT_SECS";
    public static final String ZMQ = "VELDRA_BITCOIND_ZMQ";
    public static final String POLL = "VELDRA_TEMPLATE_POLL_SECS";
    public static final String LONG_POLL = "VELDRA_TEMPLATE_LONGPOLL";
    public static final String LONG_POLL_TIMEOUT = "VELDRA_TEMPLATE_LONGPOLL_TIMEOUT_SECS";
    public static final String REFRESH = "VELDRA_TEMPLATE_REFRESH_SECS";
    public static final String VERIFIER_ADDR = "VELDRA_VERIFIER_ADDR";
    public static final String VERDICT_TIMEOUT = "VELDRA_TEMPLATE_VERDICT_TIMEOUT_SECS";
    public static final String VERIFIER_QUEUE = "VELDRA_TEMPLATE_VERIFIER_QUEUE";
    public static final String PROTOCOL_VERSION = "VELDRA_TEMPLATE_PROTOCOL_VERSION";
    public static final String COINBASE_SIGOPS = "VELDRA_TEMPLATE_COINBASE_SIGOPS";
    public static final String HISTORY = "VELDRA_TEMPLATE_HISTORY";

    /** The setting names of the settings API, mapped to the variables that set them at start-up. */
    private static final Map<String, String> SETTING_VARIABLES = Map.of(
            "rpc_url", RPC_URL,
            "poll_interval_secs", POLL,
            "longpoll_timeout_secs", LONG_POLL_TIMEOUT,
            "rpc_timeout_secs", RPC_TIMEOUT,
            "refresh_secs", REFRESH,
            "verdict_timeout_secs", VERDICT_TIMEOUT);

    public static TemplateManagerSettings from(EnvConfig env) {
        LogSettings logging = LogSettings.from(env);
        BindGuard guard = BindGuard.fromEnv(env);
        InetAddress bind = guard.check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        int port = env.port(HTTP_PORT, 8082);

        RuntimeSettings settings;
        try {
            settings = RuntimeSettings.validate(
                    env.string(RPC_URL, "http://127.0.0.1:18443"),
                    env.secret(RPC_USER).orElse(null),
                    env.secret(RPC_PASS).orElse(null),
                    seconds(env, POLL, 1),
                    env.flag(LONG_POLL, true),
                    seconds(env, LONG_POLL_TIMEOUT, 120),
                    seconds(env, RPC_TIMEOUT, 10),
                    seconds(env, REFRESH, 10),
                    seconds(env, VERDICT_TIMEOUT, 2));
        } catch (InvalidSettingsException e) {
            throw new ConfigException(variableOf(e.problems()), String.join("; ", e.problems()));
        }
        String zmq = env.string(ZMQ).orElse(null);
        if (zmq != null && !zmq.matches("(tcp|ipc)://.+")) {
            throw new ConfigException(ZMQ, "must look like tcp://127.0.0.1:28332, got '" + zmq + "'");
        }
        InetSocketAddress verifier = hostPort(VERIFIER_ADDR, env.string(VERIFIER_ADDR, "127.0.0.1:9090"));
        int queue = env.integer(VERIFIER_QUEUE, 16);
        if (queue < 1 || queue > 10_000) {
            throw new ConfigException(VERIFIER_QUEUE, "must be between 1 and 10000, got " + queue);
        }
        int protocolVersion = env.integer(PROTOCOL_VERSION, 2);
        if (protocolVersion < 0 || protocolVersion > 0xffff) {
            throw new ConfigException(PROTOCOL_VERSION, "must be between 0 and 65535, got " + protocolVersion);
        }
        long coinbaseSigops = env.longValue(COINBASE_SIGOPS, 400);
        if (coinbaseSigops < 0 || coinbaseSigops > 80_000) {
            throw new ConfigException(COINBASE_SIGOPS, "must be between 0 and 80000, got " + coinbaseSigops);
        }
        int history = env.integer(HISTORY, 64);
        if (history < 1 || history > 10_000) {
            throw new ConfigException(HISTORY, "must be between 1 and 10000, got " + history);
        }
        return new TemplateManagerSettings(
                bind, port, settings, zmq, verifier, queue, protocolVersion, coinbaseSigops, history, logging);
    }

    private static double seconds(EnvConfig env, String name, double defaultSeconds) {
        Duration value = env.seconds(name, Duration.ofNanos(Math.round(defaultSeconds * 1e9)));
        return value.toNanos() / 1e9;
    }

    /** Parses {@code host:port} or {@code [v6]:port}; the host is resolved when connecting. */
    static InetSocketAddress hostPort(String setting, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException(setting, "must be host:port, got '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConfigException(setting, "must be host:port, got '" + value + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new ConfigException(setting, "port must be between 1 and 65535, got " + port);
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static String variableOf(List<String> problems) {
        for (String problem : problems) {
            for (Map.Entry<String, String> entry : SETTING_VARIABLES.entrySet()) {
                if (problem.startsWith(entry.getKey())) {
                    return entry.getValue();
                }
            }
        }
        return RPC_URL;
    }
}
