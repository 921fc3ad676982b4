package org.reservegrid.demofeed.config;

import java.util.Locale;
import java.util.Map;
import org.reservegrid.common.config.ConfigException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps {@code VELDRA_LOG_FORMAT} onto Spring Boot's logging before the logging system starts: {@code json} selects
 * structured console lines in Elastic Common Schema form, {@code text} (the default) keeps the plain pattern.
 */
public final class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format =
                environment.getProperty(DemoFeedSettings.LOG_FORMAT, "text").trim();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" ->
                environment
                        .getPropertySources()
                        .addFirst(new MapPropertySource(
                                "veldraLogFormat", Map.of("logging.structured.format.console", "ecs")));
            case "text", "" -> {}
            default ->
                throw new ConfigException(DemoFeedSettings.LOG_FORMAT, "must be json or text, got '" + format + "'");
        }
    }
}
