package org.reservegrid.spring.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reservegrid.common.config.ConfigException;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real applications started with VELDRA_LOG_* as they reach a service: through the Spring environment. */
@ExtendWith(OutputCaptureExtension.class)
class LoggingEnvironmentPostProcessorTests {
    private static final JsonMapper JSON = new JsonMapper();

    @Configuration(proxyBeanMethods = false)
    static class Empty {}

    private static ConfigurableApplicationContext start(String... args) {
        List<String> all = new ArrayList<>(List.of("--spring.main.banner-mode=off"));
        all.addAll(List.of(args));
        return new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .run(all.toArray(String[]::new));
    }

    /** Starts with {@code args}, logs a probe and returns its line, which must be JSON in {@code format}. */
    private static JsonNode probeLine(CapturedOutput output, String format, String... args) {
        String probe = format + " probe";
        try (ConfigurableApplicationContext context = start(args)) {
            assertThat(context.getEnvironment().getProperty("logging.structured.format.console"))
                    .isEqualTo(format);
            LoggerFactory.getLogger("org.reservegrid.test").info(probe);
        }
        List<JsonNode> lines = output.getOut()
                .lines()
                .filter(line -> line.contains(probe))
                .map(JSON::readTree)
                .toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst().path("message").asString()).isEqualTo(probe);
        return lines.getFirst();
    }

    @Test
    void jsonLogsStructuredLinesInTheEcsFormatByDefault(CapturedOutput output) {
        assertThat(probeLine(output, "ecs", "--VELDRA_LOG_FORMAT=json").has("ecs"))
                .isTrue();
    }

    @Test
    void aServiceMayNameAnotherStructuredFormat(CapturedOutput output) {
        JsonNode line = probeLine(
                output,
                "logstash",
                "--VELDRA_LOG_FORMAT=JSON",
                "--" + LoggingEnvironmentPostProcessor.JSON_FORMAT + "=logstash");
        assertThat(line.has("@version")).isTrue();
    }

    @Test
    void textLeavesThePlainPatternAndAddsNothing() {
        try (ConfigurableApplicationContext context = start("--VELDRA_LOG_FORMAT=text")) {
            assertThat(context.getEnvironment().getPropertySources().contains("veldraLogging"))
                    .isFalse();
            assertThat(context.getEnvironment().getProperty("logging.structured.format.console"))
                    .isNull();
        }
    }

    @Test
    void theFilterSetsLevelsAndWinsOverOtherLoggingProperties(CapturedOutput output) {
        try (ConfigurableApplicationContext context =
                start("--VELDRA_LOG_FILTER=warn,org.reservegrid.test.chatty=debug", "--logging.level.root=info")) {
            assertThat(context.getEnvironment().getProperty("logging.level.root"))
                    .isEqualTo("warn");
            LoggerFactory.getLogger("org.reservegrid.test.quiet").info("quiet probe");
            LoggerFactory.getLogger("org.reservegrid.test.chatty").debug("chatty probe");
        }
        assertThat(output.getOut()).contains("chatty probe").doesNotContain("quiet probe");
    }

    @Test
    void aBadValueStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> start("--VELDRA_LOG_FORMAT=xml").close())
                .isInstanceOf(ConfigException.class)
                .hasMessage("VELDRA_LOG_FORMAT must be json or text, got 'xml'");
        assertThatThrownBy(
                        () -> start("--VELDRA_LOG_FILTER=org.reservegrid=loud").close())
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.setting()).isEqualTo("VELDRA_LOG_FILTER"));
    }

    @Test
    void aServiceWithItsOwnEnvironmentMapPassesItsLogVariablesAsDefaults() {
        java.util.Map<String, Object> defaults = LoggingEnvironmentPostProcessor.defaultProperties(
                Map.of("VELDRA_LOG_FORMAT", "json", "VELDRA_OTHER", "x"), "logstash");
        assertThat(defaults)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("VELDRA_LOG_FORMAT", "json", LoggingEnvironmentPostProcessor.JSON_FORMAT, "logstash"));

        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties(defaults)
                .run("--spring.main.banner-mode=off")) {
            assertThat(context.getEnvironment().getProperty("logging.structured.format.console"))
                    .isEqualTo("logstash");
        }
    }

    @Test
    void levelsTranslateAFilterAlone() {
        assertThat(LoggingEnvironmentPostProcessor.levels("debug,io.netty=warn"))
                .containsExactly(Map.entry("logging.level.root", "debug"), Map.entry("logging.level.io.netty", "warn"));
    }
}
