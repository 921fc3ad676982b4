package org.reservegrid.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.gateway.mode.GatewayMode;
import org.reservegrid.gateway.mode.ModeSettings;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

class ModeSettingsBodyTests {
    /** The gateway's API mapper (GatewayBeans): snake_case names. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    @Test
    void inlinesTimersAreShownInMillisecondsUnderUnitSuffixedNames() {
        ModeSettings settings = ModeSettings.fromEnv(new EnvConfig(Map.of(
                "VELDRA_MODE", "inline",
                "VELDRA_GATEWAY_STALE_HOLD_SECS", "12.5",
                "VELDRA_GATEWAY_PREVHASH_WINDOW_MS", "80",
                "VELDRA_GATEWAY_PREVHASH_SLOTS", "3")));

        assertThat(MAPPER.writeValueAsString(ModeSettingsBody.of(settings)))
                .isEqualTo(
                        "{\"mode\":\"inline\",\"stale_hold_ms\":12500,\"prevhash_window_ms\":80,\"prevhash_slots\":3}");
    }

    @Test
    void theDefaultsOfEveryModeAreShownWithIt() {
        for (GatewayMode mode : GatewayMode.values()) {
            assertThat(ModeSettingsBody.of(ModeSettings.defaults(mode)))
                    .isEqualTo(new ModeSettingsBody(
                            mode.label(), Duration.ofSeconds(30).toMillis(), 50, 2));
        }
    }
}
