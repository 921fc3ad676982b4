package org.reservegrid.dashboard.config;

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
 * Everything rg-dashboard reads from {@code VELDRA_*} variables, validated once at start-up; a bad value fails
 * start-up with a message naming the variable.
 *
 * @param bindAddress the address the HTTP server binds, already checked by {@link BindGuard}
 * @param port HTTP port (0 picks a free one)
 * @param authUrl rg-auth's base URL (no trailing slash)
 * @param verifierUrl pool-verifier's HTTP base URL
 * @param templateManagerUrl template-manager's HTTP base URL
 * @param gatewayUrl sv2-gateway's HTTP base URL
 * @param apiSecret sent to the backends as {@code Authorization: Bearer ...} when set; never shown to a browser
 * @param backendTimeout how long a backend may take to answer (event streams excepted) before a 504
 */
public record DashboardSettings(
        InetAddress bindAddress,
        int port,
        URI authUrl,
        URI verifierUrl,
        URI templateManagerUrl,
        URI gatewayUrl,
        Optional<Secret> apiSecret,
        Duration backendTimeout) {

    public static final String BIND = "VELDRA_DASHBOARD_BIND";
    public static final String PORT = "VELDRA_DASHBOARD_PORT";
    public static final String AUTH_URL = "VELDRA_AUTH_URL";
    public static final String VERIFIER_URL = "VELDRA_VERIFIER_URL";
    public static final String TEMPLATE_MANAGER_URL = "VELDRA_TEMPLATE_MANAGER_URL";
    public static final String GATEWAY_URL = "VELDRA_GATEWAY_URL";
    public static final String API_SECRET = "VELDRA_API_SECRET";
    public static final String BACKEND_TIMEOUT_SECS = "VELDRA_DASHBOARD_BACKEND_TIMEOUT_SECS";

    public static DashboardSettings from(EnvConfig env) {
        InetAddress bind = BindGuard.fromEnv(env).check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        Duration timeout = env.seconds(BACKEND_TIMEOUT_SECS, Duration.ofSeconds(10));
        if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigException(
                    BACKEND_TIMEOUT_SECS, "must be between 0.1 and 600 seconds, got " + timeout.toMillis() + " ms");
        }
        return new DashboardSettings(
                bind,
                env.port(PORT, 8084),
                baseUrl(AUTH_URL, env.string(AUTH_URL, "http://127.0.0.1:3030")),
                baseUrl(VERIFIER_URL, env.string(VERIFIER_URL, "http://127.0.0.1:8081")),
                baseUrl(TEMPLATE_MANAGER_URL, env.string(TEMPLATE_MANAGER_URL, "http://127.0.0.1:8082")),
                baseUrl(GATEWAY_URL, env.string(GATEWAY_URL, "http://127.0.0.1:8080")),
                env.secret(API_SECRET),
                timeout);
    }

    private static URI baseUrl(String name, String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme();
            if (uri.getHost() == null
                    || !("http".equals(scheme) || "https".equals(scheme))
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new ConfigException(name, "must be an http:// or https:// base URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "must be an http:// or https:// base URL, got '" + value + "'");
        }
    }
}
