package org.reservegrid.demofeed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.demofeed.DemoFeedApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Bad settings stop start-up with a message that names the setting, never with a bare stack trace. */
class StartupConfigurationTests {

    private static StartupConfigurationException startupFailure(String... args) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> DemoFeedApplication.application(Map.of()).run(args).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof StartupConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("expected a StartupConfigurationException, got " + thrown, thrown);
    }

    @Test
    void bindingToAllInterfacesFailsStartupUnlessAllowed() {
        StartupConfigurationException failure = startupFailure("--server.port=0", "--server.address=0.0.0.0");
        assertThat(failure.getMessage())
                .isEqualTo("refusing to bind to 0.0.0.0: only loopback addresses are allowed by default");
        assertThat(failure.action())
                .contains("VELDRA_DEMO_FEED_BIND=127.0.0.1")
                .contains("VELDRA_ALLOW_NON_LOOPBACK=1");

        FailureAnalysis analysis =
                new StartupConfigurationFailureAnalyzer().analyze(new IllegalStateException(failure));
        assertThat(analysis.getDescription()).startsWith("rg-demo-feed cannot start: refusing to bind to 0.0.0.0");
        assertThat(analysis.getAction()).isEqualTo(failure.action());
    }

    @Test
    void anUnknownScenarioFailsStartupListingTheValidOnes() {
        StartupConfigurationException failure = startupFailure("--server.port=0", "--veldra.demo-feed.scenario=bogus");
        assertThat(failure.getMessage()).contains("unknown demo feed scenario 'bogus'");
        assertThat(failure.action()).contains("normal, empty, fee_sweep, reorg, stale, mainnet_like");
    }

    @Test
    void theGuardAcceptsLoopbackAndRefusesEverythingElseWithoutTheOverride() throws Exception {
        LoopbackBindGuard guard = new LoopbackBindGuard(null, "VELDRA_DEMO_FEED_BIND");
        assertThatNoException().isThrownBy(() -> guard.check(InetAddress.getByName("127.0.0.1")));
        assertThatNoException().isThrownBy(() -> guard.check(InetAddress.getByName("::1")));
        assertThatThrownBy(() -> guard.check(null)).hasMessageContaining("all interfaces");
        assertThatThrownBy(() -> guard.check(InetAddress.getByName("10.1.2.3"))).hasMessageContaining("10.1.2.3");
        assertThatThrownBy(() -> new LoopbackBindGuard("0", "X").check(InetAddress.getByName("10.1.2.3")))
                .isInstanceOf(StartupConfigurationException.class);
        assertThatNoException()
                .isThrownBy(() -> new LoopbackBindGuard("1", "X").check(InetAddress.getByName("10.1.2.3")));
        assertThatNoException().isThrownBy(() -> new LoopbackBindGuard("1", "X").check(null));
    }

    @Test
    void logFormatAcceptsJsonAndTextAndRejectsTheRest() {
        assertThat(LogFormat.parse(null)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse(" JSON ")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.JSON.springProperties()).containsEntry("logging.structured.format.console", "ecs");
        assertThat(LogFormat.TEXT.springProperties()).isEmpty();
        assertThatThrownBy(() -> LogFormat.parse("xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("VELDRA_LOG_FORMAT must be 'json' or 'text', got 'xml'");
    }
}
