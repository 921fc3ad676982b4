package org.reservegrid.feedadapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.feedadapter.FeedAdapterApplication;
import org.reservegrid.spring.startup.ConfigFailureAnalyzer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Settings come from VELDRA_* variables; bad ones stop start-up with a message that names the variable. */
class AdapterStartupTests {

    private static FeedAdapterSettings settings(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return FeedAdapterSettings.from(new EnvConfig(env));
    }

    @Test
    void defaultsFollowTheLocalDemoFeedOnPort8091WithoutAuth() {
        FeedAdapterSettings settings = settings();
        assertThat(settings.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8091);
        assertThat(settings.feedUrl()).hasToString("ws://127.0.0.1:8090/ws");
        assertThat(settings.feedToken()).isEmpty();
        assertThat(settings.reconnectInitial()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.reconnectMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.longpollTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.disconnectGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxFrameBytes()).isEqualTo(32 * 1024 * 1024);
        assertThat(settings.rpcUser()).isEmpty();
        assertThat(settings.rpcPassword()).isEmpty();
        assertThat(settings.chain()).isEqualTo("main");
    }

    @Test
    void aPasswordAloneUsesTheProjectsRpcUserAndSecretsStayOutOfToString() {
        FeedAdapterSettings settings = settings("VELDRA_BITCOIND_RPC_PASS", "pw-123", "VELDRA_FEED_TOKEN", "tok-456");
        assertThat(settings.rpcUser()).hasValue("reservegrid");
        assertThat(settings.toString()).doesNotContain("pw-123").doesNotContain("tok-456");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> settings("VELDRA_BITCOIND_RPC_USER", "alice"))
                .hasMessage("VELDRA_BITCOIND_RPC_PASS must be set when VELDRA_BITCOIND_RPC_USER is");
        assertThatThrownBy(() ->
                        settings("VELDRA_FEED_RECONNECT_INITIAL_SECS", "5", "VELDRA_FEED_RECONNECT_MAX_SECS", "1"))
                .hasMessage(
                        "VELDRA_FEED_RECONNECT_MAX_SECS must be at least VELDRA_FEED_RECONNECT_INITIAL_SECS (5000 ms)");
        assertThatThrownBy(() -> settings("VELDRA_FEED_LONGPOLL_TIMEOUT_SECS", "0"))
                .hasMessage("VELDRA_FEED_LONGPOLL_TIMEOUT_SECS must be more than 0 seconds");
        assertThatThrownBy(() -> settings("VELDRA_FEED_MAX_FRAME_BYTES", "10"))
                .hasMessage("VELDRA_FEED_MAX_FRAME_BYTES must be at least 1024, got 10");
        assertThatThrownBy(() -> settings("VELDRA_FEED_URL", "http://user:secret@example.org/ws"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "VELDRA_FEED_URL must be a ws:// or wss:// URL with a host, such as ws://127.0.0.1:8090/ws");
        assertThatThrownBy(() -> settings("VELDRA_FEED_URL", "ws://bad host/ws?token=secret"))
                .hasMessageStartingWith("VELDRA_FEED_URL is not a valid URL")
                .message()
                .doesNotContain("secret");
    }

    @Test
    void aNonLoopbackBindAddressFailsStartup() {
        Throwable thrown = catchThrowable(() -> FeedAdapterApplication.application()
                .run("--VELDRA_FEED_ADAPTER_PORT=0", "--VELDRA_FEED_ADAPTER_BIND=0.0.0.0")
                .close());
        ConfigException failure = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ConfigException e) {
                failure = e;
            }
        }
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage())
                .startsWith(
                        "VELDRA_FEED_ADAPTER_BIND would bind the non-loopback address 0.0.0.0; set VELDRA_ALLOW_NON_LOOPBACK=1");
        StandardEnvironment service = new StandardEnvironment();
        service.getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("spring.application.name", "rg-feed-adapter")));
        assertThat(new ConfigFailureAnalyzer(service)
                        .analyze(new IllegalStateException(failure))
                        .getAction())
                .isEqualTo("Fix VELDRA_FEED_ADAPTER_BIND in the environment and start rg-feed-adapter again.");
    }
}
