package org.reservegrid.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.reservegrid.common.secret.Secret;

/**
 * Typed reads of {@code VELDRA_*} environment variables. A malformed value is a start-up error that names the
 * variable, never a silent fallback to the default.
 */
public final class EnvConfig {
    private final Map<String, String> env;

    public EnvConfig(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static EnvConfig fromSystem() {
        return new EnvConfig(System.getenv());
    }

    public Optional<String> string(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return string(name).orElse(defaultValue);
    }

    public int port(String name, int defaultValue) {
        int port = integer(name, defaultValue);
        if (port < 0 || port > 65_535) {
            throw new ConfigException(name, "must be a TCP port between 0 and 65535, got " + port);
        }
        return port;
    }

    public int integer(String name, int defaultValue) {
        return string(name).map(value -> parseInt(name, value)).orElse(defaultValue);
    }

    public long longValue(String name, long defaultValue) {
        return string(name).map(value -> parseLong(name, value)).orElse(defaultValue);
    }

    public boolean flag(String name, boolean defaultValue) {
        return string(name).map(value -> parseFlag(name, value)).orElse(defaultValue);
    }

    public Duration seconds(String name, Duration defaultValue) {
        return string(name)
                .map(value -> Duration.ofMillis(Math.round(parseDouble(name, value) * 1000)))
                .orElse(defaultValue);
    }

    public Optional<Path> path(String name) {
        return string(name).map(Path::of);
    }

    /** A secret; its value is never part of any message this class produces. */
    public Optional<Secret> secret(String name) {
        String value = env.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Secret.of(value));
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be an integer, got '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be an integer, got '" + value + "'");
        }
    }

    private static double parseDouble(String name, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed) || parsed < 0) {
                throw new ConfigException(name, "must be a non-negative number of seconds, got '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a number of seconds, got '" + value + "'");
        }
    }

    private static boolean parseFlag(String name, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default ->
                throw new ConfigException(name, "must be 1/0, true/false, yes/no or on/off, got '" + value + "'");
        };
    }
}
