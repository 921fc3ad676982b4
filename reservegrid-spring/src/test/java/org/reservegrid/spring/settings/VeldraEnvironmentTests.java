package org.reservegrid.spring.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

/** Every {@code VELDRA_*} value of Spring's environment, with Spring's precedence, and nothing else. */
class VeldraEnvironmentTests {

    @Test
    void readsEveryVeldraVariableAndNothingElse() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("VELDRA_EXAMPLE_PORT", "8095")
                .withProperty("VELDRA_ALLOW_NON_LOOPBACK", "1")
                .withProperty("server.port", "1234")
                .withProperty("OTHER_PORT", "1");

        var env = VeldraEnvironment.read(environment);

        assertThat(env.port("VELDRA_EXAMPLE_PORT", 0)).isEqualTo(8095);
        assertThat(env.flag("VELDRA_ALLOW_NON_LOOPBACK", false)).isTrue();
        assertThat(env.string("server.port")).isEmpty();
        assertThat(env.string("OTHER_PORT")).isEmpty();
    }

    @Test
    void theSourceOfHigherPrecedenceWins() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("arguments", Map.of("VELDRA_EXAMPLE_SEED", "2")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "defaults", Map.of("VELDRA_EXAMPLE_SEED", "1", "VELDRA_EXAMPLE_ONLY_DEFAULT", "x")));

        var env = VeldraEnvironment.read(environment);

        assertThat(env.longValue("VELDRA_EXAMPLE_SEED", 0)).isEqualTo(2);
        assertThat(env.string("VELDRA_EXAMPLE_ONLY_DEFAULT")).contains("x");
    }
}
