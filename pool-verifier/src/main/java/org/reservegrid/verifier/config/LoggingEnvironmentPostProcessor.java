package org.reservegrid.verifier.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.reservegrid.common.config.ConfigException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code VELDRA_LOG_FORMAT} and {@code VELDRA_LOG_FILTER} onto Spring Boot's logging properties before the
 * logging system starts.
 *
 * <ul>
 *   <li>{@code VELDRA_LOG_FORMAT=json} selects Boot's structured console logging in ECS form; {@code text}
 *       (the default) keeps the plain pattern.
 *   <li>{@code VELDRA_LOG_FILTER} is a root level ({@code info}) or a comma-separated list of {@code
 *       package=level} pairs, where a bare level sets the root ({@code warn,org.reservegrid=debug}).
 * </ul>
 */
public final class LoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");
    private static final Pattern LOGGER_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = new LinkedHashMap<>();
        String format =
                environment.getProperty(VerifierSettings.LOG_FORMAT, "text").trim();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> properties.put("logging.structured.format.console", "ecs");
            case "text", "" -> {}
            default ->
                throw new ConfigException(VerifierSettings.LOG_FORMAT, "must be json or text, got '" + format + "'");
        }
        String filter = environment.getProperty(VerifierSettings.LOG_FILTER);
        if (filter != null && !filter.isBlank()) {
            properties.putAll(levels(filter));
        }
        if (!properties.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("veldraLogging", properties));
        }
    }

    /** The {@code logging.level.*} properties a filter stands for. */
    static Map<String, Object> levels(String filter) {
        Map<String, Object> levels = new LinkedHashMap<>();
        for (String part : filter.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String logger = equals < 0 ? "root" : entry.substring(0, equals).trim();
            String level =
                    (equals < 0 ? entry : entry.substring(equals + 1)).trim().toLowerCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new ConfigException(
                        VerifierSettings.LOG_FILTER,
                        "has an unknown level '" + level + "'; use trace, debug, info, warn, error or off");
            }
            if (!LOGGER_NAME.matcher(logger).matches()) {
                throw new ConfigException(VerifierSettings.LOG_FILTER, "has an invalid logger name '" + logger + "'");
            }
            levels.put("logging.level." + logger, level);
        }
        return levels;
    }
}
