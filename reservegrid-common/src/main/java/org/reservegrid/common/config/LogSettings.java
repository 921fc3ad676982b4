package org.reservegrid.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code VELDRA_LOG_FORMAT} ({@code text} or {@code json}) and {@code VELDRA_LOG_FILTER}, translated to Spring Boot
 * logging properties. The filter is a comma-separated list of {@code level} (the root level) and
 * {@code logger=level} items, e.g. {@code info,org.reservegrid.templates=debug,reactor.netty=warn}; without a filter
 * Boot's defaults stand. Free of Spring: reservegrid-spring's post-processor hands {@link #springProperties(String)}
 * to every service's environment.
 */
public record LogSettings(boolean json, Map<String, String> levels) {
    public static final String FORMAT = "VELDRA_LOG_FORMAT";
    public static final String FILTER = "VELDRA_LOG_FILTER";
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
    private static final Pattern LOGGER_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    public LogSettings {
        levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
    }

    public static LogSettings from(EnvConfig env) {
        String format = env.string(FORMAT, "text");
        boolean json = switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new ConfigException(FORMAT, "must be json or text, got '" + format + "'");
        };
        return new LogSettings(json, levels(env.string(FILTER, "")));
    }

    /** The logger levels a filter names, in its order; the root logger is {@code root}. */
    private static Map<String, String> levels(String filter) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (String item : filter.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String logger = equals < 0 ? "root" : trimmed.substring(0, equals).trim();
            String level = (equals < 0 ? trimmed : trimmed.substring(equals + 1))
                    .trim()
                    .toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new ConfigException(
                        FILTER, "has an unknown level in '" + trimmed + "'; use one of " + String.join(", ", LEVELS));
            }
            if (!LOGGER_NAME.matcher(logger).matches()) {
                throw new ConfigException(FILTER, "has an invalid logger name in '" + trimmed + "'");
            }
            levels.put(logger, level);
        }
        return levels;
    }

    /**
     * The Spring Boot properties these settings stand for.
     *
     * @param jsonFormat Boot's structured console format used for {@code json} ({@code ecs}, {@code logstash} or
     *     {@code gelf}); each service documents its own
     */
    public Map<String, Object> springProperties(String jsonFormat) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (json) {
            properties.put("logging.structured.format.console", jsonFormat);
        }
        levels.forEach((logger, level) -> properties.put("logging.level." + logger, level));
        return properties;
    }
}
