package org.reservegrid.demofeed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.demofeed.DemoFeedApplication;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import org.reservegrid.spring.logging.LoggingEnvironmentPostProcessor;
import org.reservegrid.spring.startup.ConfigFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Settings come from VELDRA_* variables; bad ones stop start-up with a message that names the variable. */
class StartupConfigurationTests {
    private static final long NOW = 1_760_000_000L;

    private static DemoFeedSettings settings(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return DemoFeedSettings.from(new EnvConfig(env), NOW, 99);
    }

    private static ConfigException startupFailure(String... args) {
        Throwable thrown =
                catchThrowable(() -> DemoFeedApplication.application().run(args).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ConfigException e) {
                return e;
            }
        }
        throw new AssertionError("expected a ConfigException, got " + thrown, thrown);
    }

    @Test
    void defaultsAreLoopbackPort8090AndAQuietTenMinuteChain() {
        DemoFeedSettings settings = settings();
        assertThat(settings.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8090);
        assertThat(settings.maxConnectionsPerIp()).isEqualTo(8);
        assertThat(settings.maxConnections()).isEqualTo(256);
        assertThat(settings.token()).isEmpty();
        assertThat(settings.simulation())
                .isEqualTo(new SimulationSettings(
                        Scenario.NORMAL,
                        99,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(10),
                        SimulationSettings.BlockTiming.EXPONENTIAL,
                        NOW,
                        900_000));
    }

    @Test
    void everyVariableIsReadWithSecondsAsDecimals() {
        DemoFeedSettings settings = settings(
                "VELDRA_DEMO_FEED_SCENARIO", "MAINNET_LIKE",
                "VELDRA_DEMO_FEED_SEED", "-7",
                "VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS", "0.25",
                "VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS", "30",
                "VELDRA_DEMO_FEED_BLOCK_TIMING", "fixed",
                "VELDRA_DEMO_FEED_START_TIME", "1700000000",
                "VELDRA_DEMO_FEED_START_HEIGHT", "840000",
                "VELDRA_DEMO_FEED_MAX_CONNECTIONS_PER_IP", "2",
                "VELDRA_DEMO_FEED_MAX_CONNECTIONS", "3",
                "VELDRA_DEMO_FEED_TOKEN", "t0k3n",
                "VELDRA_DEMO_FEED_PORT", "0");
        assertThat(settings.simulation())
                .isEqualTo(new SimulationSettings(
                        Scenario.MAINNET_LIKE,
                        -7,
                        Duration.ofMillis(250),
                        Duration.ofSeconds(30),
                        SimulationSettings.BlockTiming.FIXED,
                        1_700_000_000L,
                        840_000));
        assertThat(settings.port()).isZero();
        assertThat(settings.maxConnectionsPerIp()).isEqualTo(2);
        assertThat(settings.maxConnections()).isEqualTo(3);
        assertThat(settings.token())
                .hasValueSatisfying(token -> assertThat(token.matches("t0k3n")).isTrue());
        assertThat(settings.toString()).doesNotContain("t0k3n");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_SCENARIO", "bogus"))
                .hasMessage(
                        "VELDRA_DEMO_FEED_SCENARIO must be one of normal, empty, fee_sweep, reorg, stale, mainnet_like, got 'bogus'");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS", "0"))
                .hasMessage("VELDRA_DEMO_FEED_TEMPLATE_INTERVAL_SECS must be at least 0.01 seconds, got 0 ms");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS", "ten"))
                .hasMessage("VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS must be a number of seconds, got 'ten'");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_BLOCK_TIMING", "weekly"))
                .hasMessage("VELDRA_DEMO_FEED_BLOCK_TIMING must be exponential or fixed, got 'weekly'");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_START_HEIGHT", "5"))
                .hasMessage("VELDRA_DEMO_FEED_START_HEIGHT must be at least 12, got 5");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_START_TIME", "1000"))
                .hasMessageStartingWith("VELDRA_DEMO_FEED_START_TIME must be a Unix time after the genesis block");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_MAX_CONNECTIONS_PER_IP", "0"))
                .hasMessage("VELDRA_DEMO_FEED_MAX_CONNECTIONS_PER_IP must be at least 1, got 0");
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_SEED", "0x12"))
                .hasMessage("VELDRA_DEMO_FEED_SEED must be an integer, got '0x12'");
    }

    @Test
    void aNonLoopbackBindNeedsTheExplicitOverride() {
        assertThatThrownBy(() -> settings("VELDRA_DEMO_FEED_BIND", "10.1.2.3"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("VELDRA_DEMO_FEED_BIND would bind the non-loopback address 10.1.2.3");
        assertThat(settings("VELDRA_DEMO_FEED_BIND", "10.1.2.3", "VELDRA_ALLOW_NON_LOOPBACK", "1")
                        .bindAddress()
                        .getHostAddress())
                .isEqualTo("10.1.2.3");
    }

    @Test
    void bindingToAllInterfacesFailsStartupWithATwoLineReport() {
        ConfigException failure = startupFailure("--VELDRA_DEMO_FEED_PORT=0", "--VELDRA_DEMO_FEED_BIND=0.0.0.0");
        assertThat(failure.setting()).isEqualTo("VELDRA_DEMO_FEED_BIND");
        StandardEnvironment service = new StandardEnvironment();
        service.getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("spring.application.name", "rg-demo-feed")));
        FailureAnalysis analysis = new ConfigFailureAnalyzer(service).analyze(new IllegalStateException(failure));
        assertThat(analysis.getDescription())
                .startsWith("Invalid configuration: VELDRA_DEMO_FEED_BIND would bind the non-loopback address 0.0.0.0");
        assertThat(analysis.getAction())
                .isEqualTo("Fix VELDRA_DEMO_FEED_BIND in the environment and start rg-demo-feed again.");
    }

    @Test
    void logFilterSetsTheRootAndPackageLevelsOfTheRunningFeed() {
        try (ConfigurableApplicationContext feed = DemoFeedApplication.application()
                .run("--VELDRA_DEMO_FEED_PORT=0", "--VELDRA_LOG_FILTER=warn,org.reservegrid.demofeed=debug")) {
            LoggingSystem logging = LoggingSystem.get(feed.getClassLoader());
            assertThat(logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME)
                            .getEffectiveLevel())
                    .isEqualTo(LogLevel.WARN);
            assertThat(logging.getLoggerConfiguration("org.reservegrid.demofeed.ws")
                            .getEffectiveLevel())
                    .isEqualTo(LogLevel.DEBUG);
        }
        assertThatThrownBy(() -> DemoFeedApplication.application()
                        .run("--VELDRA_DEMO_FEED_PORT=0", "--VELDRA_LOG_FILTER=org.reservegrid=loud")
                        .close())
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.setting()).isEqualTo("VELDRA_LOG_FILTER"));
    }

    @Test
    void logFormatJsonSelectsStructuredLoggingAndAnythingElseButTextFails() {
        StandardEnvironment json = new StandardEnvironment();
        json.getPropertySources().addFirst(new MapPropertySource("test", Map.of("VELDRA_LOG_FORMAT", "json")));
        new LoggingEnvironmentPostProcessor().postProcessEnvironment(json, null);
        assertThat(json.getProperty("logging.structured.format.console")).isEqualTo("ecs");

        StandardEnvironment xml = new StandardEnvironment();
        xml.getPropertySources().addFirst(new MapPropertySource("test", Map.of("VELDRA_LOG_FORMAT", "xml")));
        assertThatThrownBy(() -> new LoggingEnvironmentPostProcessor().postProcessEnvironment(xml, null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("VELDRA_LOG_FORMAT must be json or text, got 'xml'");
    }
}
