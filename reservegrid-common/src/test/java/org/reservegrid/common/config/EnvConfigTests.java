package org.reservegrid.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvConfigTests {
    @Test
    void readsTypedValuesAndFallsBackToDefaultsWhenUnsetOrBlank() {
        EnvConfig env = new EnvConfig(Map.of("PORT", "9090", "BLANK", "  ", "FLAG", "yes", "SECS", "0.25"));

        assertThat(env.port("PORT", 1)).isEqualTo(9090);
        assertThat(env.port("MISSING", 8081)).isEqualTo(8081);
        assertThat(env.string("BLANK", "d")).isEqualTo("d");
        assertThat(env.flag("FLAG", false)).isTrue();
        assertThat(env.seconds("SECS", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejectsMalformedValuesNamingTheVariable() {
        EnvConfig env = new EnvConfig(Map.of("PORT", "90x", "BIG", "70000", "FLAG", "maybe", "SECS", "-1"));

        assertThatThrownBy(() -> env.port("PORT", 1))
                .hasMessageContaining("PORT")
                .hasMessageContaining("90x");
        assertThatThrownBy(() -> env.port("BIG", 1)).hasMessageContaining("BIG");
        assertThatThrownBy(() -> env.flag("FLAG", false)).hasMessageContaining("FLAG");
        assertThatThrownBy(() -> env.seconds("SECS", Duration.ZERO)).hasMessageContaining("SECS");
    }

    @Test
    void secretsNeverAppearInErrorsOrToString() {
        EnvConfig env = new EnvConfig(Map.of("VELDRA_API_SECRET", "topsecret"));

        assertThat(env.secret("VELDRA_API_SECRET")).hasValueSatisfying(secret -> {
            assertThat(secret.toString()).doesNotContain("topsecret");
            assertThat(secret.matches("topsecret")).isTrue();
        });
        assertThat(env.secret("VELDRA_OTHER")).isEmpty();
    }
}
