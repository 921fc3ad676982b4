package org.reservegrid.spring.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.config.ConfigException;

class ConfigErrorExitTests {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String err() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCleanStartExitsNothingAndPrintsNothing() {
        assertThat(ConfigErrorExit.run("demo", () -> {}, err)).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void aConfigurationErrorIsOneLineAndExitCodeTwo() {
        int status = ConfigErrorExit.run(
                "demo",
                () -> {
                    throw new ConfigException("VELDRA_DEMO_PORT", "must be a TCP port between 0 and 65535, got 70000");
                },
                err);

        assertThat(status).isEqualTo(2);
        assertThat(err())
                .isEqualTo("demo: configuration error: VELDRA_DEMO_PORT must be a TCP port between 0 and 65535, got"
                        + " 70000" + System.lineSeparator());
    }

    @Test
    void aConfigurationErrorInsideSpringStartUpCountsToo() {
        int status = ConfigErrorExit.run(
                "demo",
                () -> {
                    throw new IllegalStateException(
                            "bean failed", new ConfigException("VELDRA_DEMO_KEY", "is not a key file"));
                },
                err);

        assertThat(status).isEqualTo(2);
        assertThat(err())
                .isEqualTo("demo: configuration error: VELDRA_DEMO_KEY is not a key file" + System.lineSeparator());
    }

    @Test
    void otherFailuresPropagate() {
        assertThatThrownBy(() -> ConfigErrorExit.run(
                        "demo",
                        () -> {
                            throw new IllegalStateException("disk full");
                        },
                        err))
                .hasMessage("disk full");
        assertThat(err()).isEmpty();
    }
}
