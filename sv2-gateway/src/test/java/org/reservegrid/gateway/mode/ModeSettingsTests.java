package org.reservegrid.gateway.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;

class ModeSettingsTests {

    @Test
    void withNothingSetTheGatewayObservesWithTheDocumentedDefaults() {
        ModeSettings config = ModeSettings.fromEnv(new EnvConfig(Map.of()));

        assertThat(config).isEqualTo(ModeSettings.defaults(GatewayMode.OBSERVE));
        assertThat(config.staleHold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.prevhashWindow()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.prevhashSlots()).isEqualTo(2);
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        ModeSettings config = ModeSettings.fromEnv(new EnvConfig(Map.of(
                "VELDRA_MODE", "Inline",
                "VELDRA_GATEWAY_STALE_HOLD_SECS", "12.5",
                "VELDRA_GATEWAY_PREVHASH_WINDOW_MS", "80",
                "VELDRA_GATEWAY_PREVHASH_SLOTS", "3")));

        assertThat(config)
                .isEqualTo(new ModeSettings(GatewayMode.INLINE, Duration.ofMillis(12_500), Duration.ofMillis(80), 3));
    }

    @Test
    void theModeNamesAreShadowObserveAndInline() {
        assertThat(GatewayMode.parse("shadow")).isEqualTo(GatewayMode.SHADOW);
        assertThat(GatewayMode.parse(" OBSERVE ")).isEqualTo(GatewayMode.OBSERVE);
        assertThat(GatewayMode.parse("inline")).isEqualTo(GatewayMode.INLINE);
        assertThat(GatewayMode.INLINE.label()).isEqualTo("inline");
        assertThat(GatewayMode.INLINE.enforces()).isTrue();
        assertThat(GatewayMode.OBSERVE.enforces()).isFalse();
        assertThat(GatewayMode.SHADOW.enforces()).isFalse();
    }

    @Test
    void anUnknownModeIsAConfigErrorNamingTheVariable() {
        assertThatThrownBy(() -> ModeSettings.fromEnv(new EnvConfig(Map.of("VELDRA_MODE", "enforce"))))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.setting()).isEqualTo("VELDRA_MODE"))
                .hasMessageContaining("shadow, observe or inline");
    }

    @Test
    void malformedOrNonPositiveTimingsAreConfigErrorsNamingTheVariable() {
        assertSettingRejected("VELDRA_GATEWAY_PREVHASH_WINDOW_MS", "fifty");
        assertSettingRejected("VELDRA_GATEWAY_PREVHASH_WINDOW_MS", "0");
        assertSettingRejected("VELDRA_GATEWAY_STALE_HOLD_SECS", "0");
        assertSettingRejected("VELDRA_GATEWAY_STALE_HOLD_SECS", "-1");
        assertSettingRejected("VELDRA_GATEWAY_PREVHASH_SLOTS", "0");
    }

    @Test
    void causesHaveSnakeCaseLabels() {
        assertThat(DistributionCause.PREVHASH_WINDOW_EXPIRED.label()).isEqualTo("prevhash_window_expired");
        assertThat(DistributionCause.VERDICT_ACCEPTED.label()).isEqualTo("verdict_accepted");
    }

    private static void assertSettingRejected(String name, String value) {
        assertThatThrownBy(() -> ModeSettings.fromEnv(new EnvConfig(Map.of("VELDRA_MODE", "inline", name, value))))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.setting()).isEqualTo(name));
    }
}
