package org.reservegrid.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;

class TemplateManagerSettingsTests {

    private static TemplateManagerSettings config(Map<String, String> env) {
        return TemplateManagerSettings.from(new EnvConfig(env));
    }

    @Test
    void defaultsMatchTheDocumentedPortsAndIntervals() {
        TemplateManagerSettings config = config(Map.of());

        assertThat(config.httpBind().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8082);
        assertThat(config.initialSettings().node().url()).hasToString("http://127.0.0.1:18443");
        assertThat(config.initialSettings().node().user()).isNull();
        assertThat(config.initialSettings().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.initialSettings().longPoll()).isTrue();
        assertThat(config.verifierAddress().getHostString()).isEqualTo("127.0.0.1");
        assertThat(config.verifierAddress().getPort()).isEqualTo(9090);
        assertThat(config.zmqEndpoint()).isNull();
        assertThat(config.protocolVersion()).isEqualTo(2);
        assertThat(config.coinbaseSigops()).isEqualTo(400);
        assertThat(config.logging().json()).isFalse();
    }

    @Test
    void readsEveryVariable() {
        TemplateManagerSettings config = config(Map.ofEntries(
                Map.entry("VELDRA_TEMPLATE_MANAGER_HTTP_PORT", "9182"),
                Map.entry("VELDRA_BITCOIND_RPC_URL", "http://127.0.0.1:8091"),
                Map.entry("VELDRA_BITCOIND_RPC_USER", "pool"),
                Map.entry("VELDRA_BITCOIND_RPC_PASS", "pw"),
                Map.entry("VELDRA_BITCOIND_ZMQ", "tcp://127.0.0.1:28332"),
                Map.entry("VELDRA_TEMPLATE_POLL_SECS", "0.25"),
                Map.entry("VELDRA_TEMPLATE_LONGPOLL", "false"),
                Map.entry("VELDRA_VERIFIER_ADDR", "[::1]:9191"),
                Map.entry("VELDRA_TEMPLATE_VERDICT_TIMEOUT_SECS", "0.5"),
                Map.entry("VELDRA_TEMPLATE_COINBASE_SIGOPS", "4"),
                Map.entry("VELDRA_LOG_FORMAT", "json"),
                Map.entry("VELDRA_LOG_FILTER", "warn,org.reservegrid.templates=debug")));

        assertThat(config.httpPort()).isEqualTo(9182);
        assertThat(config.initialSettings().node().password()).hasToString("[REDACTED]");
        assertThat(config.initialSettings().pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.initialSettings().longPoll()).isFalse();
        assertThat(config.initialSettings().verdictTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.zmqEndpoint()).isEqualTo("tcp://127.0.0.1:28332");
        assertThat(config.verifierAddress().getHostString()).isEqualTo("::1");
        assertThat(config.verifierAddress().getPort()).isEqualTo(9191);
        assertThat(config.coinbaseSigops()).isEqualTo(4);
        assertThat(config.logging().springProperties("logstash"))
                .containsEntry("logging.structured.format.console", "logstash")
                .containsEntry("logging.level.root", "warn")
                .containsEntry("logging.level.org.reservegrid.templates", "debug");
    }

    @Test
    void aNonLoopbackBindNeedsTheExplicitOptIn() {
        assertThatThrownBy(() -> config(Map.of("VELDRA_TEMPLATE_MANAGER_BIND", "0.0.0.0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VELDRA_ALLOW_NON_LOOPBACK");

        assertThat(config(Map.of("VELDRA_TEMPLATE_MANAGER_BIND", "0.0.0.0", "VELDRA_ALLOW_NON_LOOPBACK", "1"))
                        .httpBind()
                        .isAnyLocalAddress())
                .isTrue();
    }

    @Test
    void badValuesNameTheirVariable() {
        Map<String, String> expectations = Map.of(
                "VELDRA_TEMPLATE_POLL_SECS", "0",
                "VELDRA_BITCOIND_RPC_URL", "http://user:pw@127.0.0.1:1",
                "VELDRA_VERIFIER_ADDR", "localhost",
                "VELDRA_TEMPLATE_MANAGER_HTTP_PORT", "70000",
                "VELDRA_LOG_FORMAT", "xml",
                "VELDRA_LOG_FILTER", "loud",
                "VELDRA_BITCOIND_ZMQ", "127.0.0.1:28332",
                "VELDRA_TEMPLATE_VERIFIER_QUEUE", "0");
        expectations.forEach((variable, value) -> assertThatThrownBy(() -> config(Map.of(variable, value)))
                .as(variable)
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.setting()).isEqualTo(variable))
                .hasMessageNotContaining("pw@"));
    }
}
