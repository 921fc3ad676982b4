package org.reservegrid.feedadapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.feedadapter.FeedAdapterApplication;

/** Bad settings stop the adapter's start-up with a message naming the setting. */
class AdapterStartupTests {

    private static StartupConfigurationException startupFailure(String... args) {
        Throwable thrown = catchThrowable(
                () -> FeedAdapterApplication.application(Map.of()).run(args).close());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof StartupConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("expected a StartupConfigurationException, got " + thrown, thrown);
    }

    @Test
    void aNonLoopbackBindAddressFailsStartup() {
        StartupConfigurationException failure = startupFailure("--server.port=0", "--server.address=0.0.0.0");
        assertThat(failure.getMessage())
                .isEqualTo("refusing to bind to 0.0.0.0: only loopback addresses are allowed by default");
        assertThat(failure.action())
                .contains("VELDRA_FEED_ADAPTER_BIND=127.0.0.1")
                .contains("VELDRA_ALLOW_NON_LOOPBACK=1");
    }

    @Test
    void aFeedUrlThatIsNotAWebSocketUrlFailsStartupWithoutEchoingIt() {
        StartupConfigurationException failure =
                startupFailure("--server.port=0", "--veldra.feed-adapter.url=http://user:secret@example.org/ws");
        assertThat(failure.getMessage())
                .startsWith("VELDRA_FEED_URL is not a WebSocket URL")
                .doesNotContain("secret");
        assertThat(failure.action()).contains("ws://127.0.0.1:8090/ws");
    }
}
