package org.reservegrid.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTests {
    private static LogSettings settings(Map<String, String> env) {
        return LogSettings.from(new EnvConfig(env));
    }

    @Test
    void withoutVariablesLoggingIsPlainTextAndBootsDefaultsStand() {
        LogSettings settings = settings(Map.of());

        assertThat(settings.json()).isFalse();
        assertThat(settings.springProperties("ecs")).isEmpty();
    }

    @Test
    void jsonSelectsTheStructuredFormatTheServiceNames() {
        LogSettings settings = settings(Map.of("VELDRA_LOG_FORMAT", " JSON "));

        assertThat(settings.springProperties("logstash"))
                .containsExactlyEntriesOf(Map.of("logging.structured.format.console", "logstash"));
        assertThat(settings.springProperties("ecs")).containsEntry("logging.structured.format.console", "ecs");
    }

    @Test
    void aBareLevelSetsTheRootAndPairsSetTheirLogger() {
        LogSettings settings = settings(Map.of("VELDRA_LOG_FILTER", "warn, org.reservegrid=DEBUG,,io.netty = error"));

        assertThat(settings.springProperties("ecs"))
                .containsExactly(
                        Map.entry("logging.level.root", "warn"),
                        Map.entry("logging.level.org.reservegrid", "debug"),
                        Map.entry("logging.level.io.netty", "error"));
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> settings(Map.of("VELDRA_LOG_FORMAT", "xml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VELDRA_LOG_FORMAT must be json or text, got 'xml'");
        assertThatThrownBy(() -> settings(Map.of("VELDRA_LOG_FILTER", "loud")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "VELDRA_LOG_FILTER has an unknown level in 'loud'; use one of trace, debug, info, warn, error, off");
        assertThatThrownBy(() -> settings(Map.of("VELDRA_LOG_FILTER", "bad name=info")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VELDRA_LOG_FILTER has an invalid logger name in 'bad name=info'");
        assertThatThrownBy(() -> settings(Map.of("VELDRA_LOG_FILTER", "=info")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("VELDRA_LOG_FILTER has an invalid logger name");
    }
}
