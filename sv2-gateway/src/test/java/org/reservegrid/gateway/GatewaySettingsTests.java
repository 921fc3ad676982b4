package org.reservegrid.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.gateway.mode.GatewayMode;

/** Start-up configuration: defaults, payout forms, and one clear error per bad variable. */
class GatewaySettingsTests {

    private static GatewaySettings config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return GatewaySettings.from(new EnvConfig(env));
    }

    @Test
    void defaultsMatchTheDocumentedPortsAndModes() {
        GatewaySettings config = config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51");
        assertThat(config.bind().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.sv2Port()).isEqualTo(3333);
        assertThat(config.templateManagerUrl().toString()).isEqualTo("http://127.0.0.1:8082");
        assertThat(config.poolTag()).isEqualTo("ReserveGrid");
        assertThat(config.sharesPerMinute()).isEqualTo(18);
        assertThat(config.shareBatchSize()).isEqualTo(10);
        assertThat(config.mode().mode()).isEqualTo(GatewayMode.OBSERVE);
        assertThat(config.shareLogFsync().beforeAck()).isTrue();
        assertThat(config.allowedMiners()).isEmpty();
    }

    @Test
    void thePayoutComesFromAScriptOrAnAddressButNotBoth() {
        assertThat(config("VELDRA_GATEWAY_PAYOUT_ADDRESS", "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080")
                        .payoutScript())
                .isEqualTo(HexFormat.of().parseHex("0014751e76e8199196d454941c45d1b3a323f1433bd6"));
        assertThatThrownBy(() -> config())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VELDRA_GATEWAY_PAYOUT_SCRIPT");
        assertThatThrownBy(() -> config(
                        "VELDRA_GATEWAY_PAYOUT_SCRIPT",
                        "51",
                        "VELDRA_GATEWAY_PAYOUT_ADDRESS",
                        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_ADDRESS", "bc1qnotvalid"))
                .hasMessageContaining("VELDRA_GATEWAY_PAYOUT_ADDRESS");
    }

    @Test
    void badValuesNameTheirVariable() {
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_GATEWAY_POOL_TAG", "a/b"))
                .hasMessageContaining("VELDRA_GATEWAY_POOL_TAG");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_GATEWAY_BIND", "0.0.0.0"))
                .hasMessageContaining("VELDRA_ALLOW_NON_LOOPBACK");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_TEMPLATE_MANAGER_URL", "ftp://x"))
                .hasMessageContaining("VELDRA_TEMPLATE_MANAGER_URL");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_GATEWAY_SHARES_PER_MINUTE", "0"))
                .hasMessageContaining("VELDRA_GATEWAY_SHARES_PER_MINUTE");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_MODE", "enforce"))
                .hasMessageContaining("VELDRA_MODE");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_NOISE_SERVER_KEY_PATH", "/k"))
                .hasMessageContaining("VELDRA_NOISE_CERT_PATH");
        assertThatThrownBy(() -> config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_GATEWAY_SHARE_LOG_FSYNC", "x"))
                .hasMessageContaining("VELDRA_GATEWAY_SHARE_LOG_FSYNC");
    }

    @Test
    void theAllowListIsACommaSeparatedSet() {
        assertThat(config("VELDRA_GATEWAY_PAYOUT_SCRIPT", "51", "VELDRA_GATEWAY_ALLOWED_MINERS", " alice, bob ,,")
                        .allowedMiners())
                .containsExactlyInAnyOrder("alice", "bob");
    }
}
