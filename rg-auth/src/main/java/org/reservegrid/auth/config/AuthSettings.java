package org.reservegrid.auth.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.config.TlsFiles;
import org.reservegrid.common.net.BindGuard;
import org.reservegrid.common.secret.Secret;

/**
 * Everything rg-auth reads from {@code VELDRA_*} variables, validated once at start-up; a bad value fails start-up
 * with a message naming the variable. docs/rg-auth.md lists each with its default.
 *
 * @param bindAddress the address the HTTP server binds, already checked by {@link BindGuard}
 * @param port HTTP port (0 picks a free one)
 * @param dataDir where the embedded database lives when no PostgreSQL URL is set
 * @param databaseUrl PostgreSQL to use instead of the embedded database; holds credentials, so a secret
 * @param adminEmail the bootstrap admin: the account that verifies this address is an active admin at once
 * @param publicUrl the dashboard's address, which links in emails point at
 * @param smtp where email goes; empty prints it to stdout ({@code [email-stub]})
 * @param rateLimitMultiplier scales every per-client and per-account limit
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the real client (the dashboard's proxy)
 * @param idleTimeout a session unused this long ends before its 7 days; zero turns the idle timeout off
 * @param argon2 the password-hash cost
 * @param tls the HTTP server's certificate and key, or null when TLS is off; TLS on also makes the session cookie
 *     {@code Secure} and {@code __Host-}
 */
public record AuthSettings(
        InetAddress bindAddress,
        int port,
        Path dataDir,
        Optional<Secret> databaseUrl,
        Optional<String> adminEmail,
        URI publicUrl,
        Optional<Smtp> smtp,
        double rateLimitMultiplier,
        List<String> trustedProxies,
        Duration idleTimeout,
        Argon2Cost argon2,
        @Nullable TlsFiles tls) {

    public static final String BIND = "VELDRA_AUTH_BIND";
    public static final String PORT = "VELDRA_AUTH_PORT";
    public static final String DATA_DIR = "VELDRA_DATA_DIR";
    public static final String DATABASE_URL = "VELDRA_AUTH_DATABASE_URL";
    public static final String ADMIN_EMAIL = "VELDRA_AUTH_ADMIN_EMAIL";
    public static final String PUBLIC_URL = "VELDRA_AUTH_PUBLIC_URL";
    public static final String SMTP_HOST = "VELDRA_AUTH_SMTP_HOST";
    public static final String SMTP_PORT = "VELDRA_AUTH_SMTP_PORT";
    public static final String SMTP_USER = "VELDRA_AUTH_SMTP_USER";
    public static final String SMTP_PASS = "VELDRA_AUTH_SMTP_PASS";
    public static final String SMTP_FROM = "VELDRA_AUTH_SMTP_FROM";
    public static final String SMTP_CA_FILE = "VELDRA_AUTH_SMTP_CA_FILE";
    public static final String RATE_LIMIT_MULTIPLIER = "VELDRA_AUTH_RATE_LIMIT_MULTIPLIER";
    public static final String TRUSTED_PROXIES = "VELDRA_AUTH_TRUSTED_PROXIES";
    public static final String IDLE_TIMEOUT_SECS = "VELDRA_AUTH_SESSION_IDLE_TIMEOUT_SECS";
    public static final String ARGON2_MEMORY_KIB = "VELDRA_AUTH_ARGON2_MEMORY_KIB";
    public static final String ARGON2_ITERATIONS = "VELDRA_AUTH_ARGON2_ITERATIONS";
    public static final String ARGON2_PARALLELISM = "VELDRA_AUTH_ARGON2_PARALLELISM";
    public static final String TLS_MODE = "VELDRA_TLS_MODE";
    public static final String TLS_CERT = "VELDRA_TLS_CERT";
    public static final String TLS_KEY = "VELDRA_TLS_KEY";

    /** The product's contract: a session ends 7 days after login whatever happens. */
    public static final Duration SESSION_LIFETIME = Duration.ofDays(7);

    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    /**
     * SMTP delivery. STARTTLS is always required: the service refuses to send in clear.
     *
     * @param caFile PEM certificates to trust for the SMTP server instead of the JVM's default trust store (a private relay's CA)
     */
    public record Smtp(
            String host,
            int port,
            Optional<String> user,
            Optional<Secret> password,
            String from,
            Optional<Path> caFile) {}

    /**
     * Argon2id parameters. The floor is OWASP's Password Storage Cheat Sheet minimum (19 MiB, 2 iterations, 1 lane);
     * raising any of them rehashes each password at its owner's next login.
     */
    public record Argon2Cost(int memoryKib, int iterations, int parallelism) {
        public static final Argon2Cost OWASP_MINIMUM = new Argon2Cost(19_456, 2, 1);
    }

    public static AuthSettings from(EnvConfig env) {
        InetAddress bind = BindGuard.fromEnv(env).check(BIND, env.string(BIND, BindGuard.DEFAULT_BIND_ADDRESS));
        Optional<String> adminEmail = env.string(ADMIN_EMAIL).map(value -> value.toLowerCase(Locale.ROOT));
        if (adminEmail.isPresent() && !adminEmail.get().contains("@")) {
            throw new ConfigException(ADMIN_EMAIL, "must be an email address, got '" + adminEmail.get() + "'");
        }
        return new AuthSettings(
                bind,
                env.port(PORT, 3030),
                env.path(DATA_DIR).orElse(Path.of("data/rg-auth")),
                databaseUrl(env),
                adminEmail,
                publicUrl(env.string(PUBLIC_URL, "http://localhost:8084")),
                smtp(env),
                multiplier(env.string(RATE_LIMIT_MULTIPLIER, "1")),
                trustedProxies(env.string(TRUSTED_PROXIES, "127.0.0.1,::1")),
                idleTimeout(env),
                argon2(env),
                TlsFiles.read(env, TLS_MODE, TLS_CERT, TLS_KEY, "rg-auth"));
    }

    /** Whether the browser reaches the dashboard over HTTPS, so the cookie must be {@code Secure}. */
    public boolean secureCookies() {
        return tls != null || "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    private static Optional<Secret> databaseUrl(EnvConfig env) {
        Optional<Secret> url = env.secret(DATABASE_URL);
        url.ifPresent(secret -> {
            String value = secret.reveal();
            if (!value.startsWith("postgres://")
                    && !value.startsWith("postgresql://")
                    && !value.startsWith("jdbc:postgresql://")) {
                // The value may hold a password: the message must not repeat it.
                throw new ConfigException(
                        DATABASE_URL, "must be a postgresql:// (or jdbc:postgresql://) URL; the value is not shown");
            }
        });
        return url;
    }

    private static URI publicUrl(String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                throw new ConfigException(PUBLIC_URL, "must be an http:// or https:// URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(PUBLIC_URL, "must be an http:// or https:// URL, got '" + value + "'");
        }
    }

    private static Optional<Smtp> smtp(EnvConfig env) {
        Optional<String> host = env.string(SMTP_HOST);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String from = env.string(SMTP_FROM)
                .orElseThrow(() -> new ConfigException(SMTP_FROM, "must be set when " + SMTP_HOST + " is set"));
        if (!from.contains("@")) {
            throw new ConfigException(SMTP_FROM, "must be an email address, got '" + from + "'");
        }
        Optional<String> user = env.string(SMTP_USER);
        Optional<Secret> password = env.secret(SMTP_PASS);
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException(
                    user.isPresent() ? SMTP_PASS : SMTP_USER,
                    "must be set together with " + (user.isPresent() ? SMTP_USER : SMTP_PASS));
        }
        if (!HOST_NAME.matcher(host.get()).matches() && !isIpLiteral(host.get())) {
            // A URL or host:port here would only fail at every send, with the email queued for days.
            throw new ConfigException(
                    SMTP_HOST,
                    "must be a host name or an IP address (the port goes in " + SMTP_PORT + "), got '" + host.get()
                            + "'");
        }
        int port = env.port(SMTP_PORT, 587);
        if (port == 0) {
            throw new ConfigException(SMTP_PORT, "must be a TCP port between 1 and 65535, got 0");
        }
        Optional<Path> caFile = env.path(SMTP_CA_FILE);
        if (caFile.isPresent() && !(Files.isRegularFile(caFile.get()) && Files.isReadable(caFile.get()))) {
            throw new ConfigException(SMTP_CA_FILE, "must name a readable PEM file, got '" + caFile.get() + "'");
        }
        return Optional.of(new Smtp(host.get(), port, user, password, from, caFile));
    }

    private static double multiplier(String value) {
        try {
            double multiplier = new BigDecimal(value).doubleValue();
            if (!(multiplier > 0) || multiplier > 1_000_000) {
                throw new ConfigException(RATE_LIMIT_MULTIPLIER, "must be above 0 and at most 1000000, got " + value);
            }
            return multiplier;
        } catch (NumberFormatException e) {
            throw new ConfigException(RATE_LIMIT_MULTIPLIER, "must be a number, got '" + value + "'");
        }
    }

    private static List<String> trustedProxies(String value) {
        List<String> proxies = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                String proxy = part.strip();
                // Only literals: a host name would mean a DNS lookup at start-up and a spoofable trust.
                if (!isIpLiteral(proxy)) {
                    throw new ConfigException(TRUSTED_PROXIES, "must list IP addresses, got '" + proxy + "'");
                }
                proxies.add(proxy);
            }
        }
        return List.copyOf(proxies);
    }

    /**
     * A dotted-quad IPv4 address or an IPv6 literal. InetAddress alone would not do: it reads {@code 10.1} as
     * 10.0.0.1 and looks up {@code cafe} in DNS; with a colon in the text it only ever parses.
     */
    private static boolean isIpLiteral(String value) {
        if (!value.contains(":")) {
            return IPV4.matcher(value).matches();
        }
        if (!value.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(value);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Duration idleTimeout(EnvConfig env) {
        Duration idle = env.seconds(IDLE_TIMEOUT_SECS, Duration.ZERO);
        if (idle.isNegative() || (!idle.isZero() && idle.compareTo(Duration.ofMinutes(5)) < 0)) {
            throw new ConfigException(
                    IDLE_TIMEOUT_SECS, "must be 0 (off) or at least 300 seconds, got " + idle.toSeconds());
        }
        return idle;
    }

    private static Argon2Cost argon2(EnvConfig env) {
        Argon2Cost floor = Argon2Cost.OWASP_MINIMUM;
        int memory = env.integer(ARGON2_MEMORY_KIB, floor.memoryKib());
        int iterations = env.integer(ARGON2_ITERATIONS, floor.iterations());
        int parallelism = env.integer(ARGON2_PARALLELISM, floor.parallelism());
        if (memory < floor.memoryKib() || memory > 4_194_304) {
            throw new ConfigException(
                    ARGON2_MEMORY_KIB, "must be between 19456 (OWASP's minimum) and 4194304, got " + memory);
        }
        if (iterations < floor.iterations() || iterations > 100) {
            throw new ConfigException(
                    ARGON2_ITERATIONS, "must be between 2 (OWASP's minimum with 19 MiB) and 100, got " + iterations);
        }
        if (parallelism < 1 || parallelism > 16) {
            throw new ConfigException(ARGON2_PARALLELISM, "must be between 1 and 16, got " + parallelism);
        }
        return new Argon2Cost(memory, iterations, parallelism);
    }
}
