package org.reservegrid.spring.logging;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.common.config.LogSettings;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code VELDRA_LOG_FORMAT} and {@code VELDRA_LOG_FILTER} ({@link LogSettings}) onto Spring Boot's logging
 * properties before the logging system starts. The translated properties take precedence over every other source,
 * so the variables always decide.
 *
 * <p>{@code json} selects Boot's structured console logging in the format a service names with
 * {@value #JSON_FORMAT} ({@code ecs} unless it says otherwise). A bad value stops start-up with a
 * {@link org.reservegrid.common.config.ConfigException} naming the variable.
 */
public final class LoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {
    /** The Spring property naming a service's structured log format: {@code ecs}, {@code logstash} or {@code gelf}. */
    public static final String JSON_FORMAT = "reservegrid.logging.json-format";

    public static final String DEFAULT_JSON_FORMAT = "ecs";

    static final String PROPERTY_SOURCE = "veldraLogging";

    private static final List<String> VARIABLES = List.of(LogSettings.FORMAT, LogSettings.FILTER);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, @Nullable SpringApplication application) {
        Map<String, String> variables = new HashMap<>();
        for (String name : VARIABLES) {
            String value = environment.getProperty(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        Map<String, Object> properties = LogSettings.from(new EnvConfig(variables))
                .springProperties(environment.getProperty(JSON_FORMAT, DEFAULT_JSON_FORMAT));
        if (!properties.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
        }
    }

    /**
     * Default properties for a service that reads its variables from a map of its own before Spring starts (tests
     * pass one instead of the process environment): the map's {@code VELDRA_LOG_*} values, which the process
     * environment overrides, and the service's structured format.
     */
    public static Map<String, Object> defaultProperties(Map<String, String> environment, String jsonFormat) {
        Map<String, Object> properties = new HashMap<>();
        for (String name : VARIABLES) {
            String value = environment.get(name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        properties.put(JSON_FORMAT, jsonFormat);
        return properties;
    }

    /** The {@code logging.level.*} properties a {@code VELDRA_LOG_FILTER} value stands for. */
    public static Map<String, Object> levels(String filter) {
        return LogSettings.from(new EnvConfig(Map.of(LogSettings.FILTER, filter)))
                .springProperties(DEFAULT_JSON_FORMAT);
    }
}
