package org.reservegrid.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;

class BindGuardTests {
    private final BindGuard strict = BindGuard.fromEnv(new EnvConfig(Map.of()));

    @Test
    void allowsLoopbackAddressesByDefault() {
        assertThat(strict.check("VELDRA_X_BIND", "127.0.0.1").isLoopbackAddress())
                .isTrue();
        assertThat(strict.check("VELDRA_X_BIND", "127.0.0.42").isLoopbackAddress())
                .isTrue();
        assertThat(strict.check("VELDRA_X_BIND", "::1").isLoopbackAddress()).isTrue();
        assertThat(strict.check("VELDRA_X_BIND", "localhost").isLoopbackAddress())
                .isTrue();
    }

    @Test
    void refusesAWildcardOrPublicAddressWithAMessageNamingTheSettingAndTheOptIn() {
        assertThatThrownBy(() -> strict.check("VELDRA_VERIFIER_BIND", "0.0.0.0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VELDRA_VERIFIER_BIND")
                .hasMessageContaining("0.0.0.0")
                .hasMessageContaining("VELDRA_ALLOW_NON_LOOPBACK=1");
        assertThatThrownBy(() -> strict.check("VELDRA_VERIFIER_BIND", "192.0.2.10"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void allowsNonLoopbackOnlyWithTheExplicitOptIn() {
        BindGuard open = BindGuard.fromEnv(new EnvConfig(Map.of("VELDRA_ALLOW_NON_LOOPBACK", "1")));

        assertThat(open.check("VELDRA_VERIFIER_BIND", "0.0.0.0").isAnyLocalAddress())
                .isTrue();
    }

    @Test
    void treatsAnOptInOfZeroAsNoOptIn() {
        BindGuard closed = BindGuard.fromEnv(new EnvConfig(Map.of("VELDRA_ALLOW_NON_LOOPBACK", "0")));

        assertThatThrownBy(() -> closed.check("B", "0.0.0.0")).isInstanceOf(ConfigException.class);
    }

    @Test
    void reportsAnUnresolvableAddressClearly() {
        assertThatThrownBy(() -> strict.check("VELDRA_X_BIND", "no such host..invalid"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("VELDRA_X_BIND");
    }
}
