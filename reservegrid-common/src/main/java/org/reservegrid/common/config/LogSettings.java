package org.reservegrid.common.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code VELDRA_LOG_FORMAT} ({@code text} or {@code json}) and {@code VELDRA_LOG_FILTER}, translated to Spring Boot
 * logging properties. The filter is a comma-separated list of {@code level} (the root level) and
 * {@code logger=level} items, e.g. {@code info,org.reservegrid.templates=debug,reactor.netty=warn}. Free of Spring: services hand
 * {@link #springProperties()} to their environment.
 */
public record LogSettings(boolean json, Map<String, String> levels) {
    public static final String FORMAT = "VELDRA_LOG_FORMAT";
    public static final String FILTER = "VELDRA_LOG_FILTER";
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    public static LogSettings from(EnvConfig env) {
        String format = env.string(FORMAT, "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ConfigException(FORMAT, "must be text or json, got '" + format + "'");
        }
        Map<String, String> levels = new LinkedHashMap<>();
        levels.put("root", "info");
        for (String item : env.string(FILTER, "info").split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String logger = equals < 0 ? "root" : trimmed.substring(0, equals).trim();
            String level = (equals < 0 ? trimmed : trimmed.substring(equals + 1))
                    .trim()
                    .toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level) || logger.isEmpty()) {
                throw new ConfigException(
                        FILTER,
                        "items must be 'level' or 'logger=level' with a level of " + LEVELS + ", got '" + trimmed
                                + "'");
            }
            levels.put(logger, level);
        }
        return new LogSettings(format.equals("json"), levels);
    }

    public Map<String, Object> springProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (json) {
            properties.put("logging.structured.format.console", "logstash");
        }
        levels.forEach((logger, level) -> properties.put("logging.level." + logger, level));
        return properties;
    }
}
