package org.reservegrid.spring.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The one start-up shape: the service's own properties file and name, settings from VELDRA_*, the one-line exit. */
class ServiceApplicationTests {
    private static final String NAME = "rg-wiring-example";

    record ExampleSettings(int port) {}

    @Configuration(proxyBeanMethods = false)
    static class Example {
        @Bean
        ExampleSettings exampleSettings(Environment environment) {
            int port = VeldraEnvironment.read(environment).port("VELDRA_EXAMPLE_PORT", 8099);
            return new ExampleSettings(port);
        }
    }

    @Test
    void theServiceReadsItsOwnPropertiesFileAndNamesItself() {
        try (ConfigurableApplicationContext context = ServiceApplication.builder(NAME, Example.class)
                .web(WebApplicationType.NONE)
                .properties("VELDRA_EXAMPLE_PORT=8100")
                .run()) {
            assertThat(context.getEnvironment().getProperty("example.source")).isEqualTo(NAME + ".properties");
            assertThat(context.getEnvironment().getProperty("spring.application.name"))
                    .isEqualTo(NAME);
            assertThat(context.getBean(ExampleSettings.class).port()).isEqualTo(8100);
        }
    }

    @Test
    void aBadValueInTheSettingsBeanEndsStartUpWithOneLineAndExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConfigErrorExit.run(
                NAME,
                () -> ServiceApplication.builder(NAME, Example.class)
                        .web(WebApplicationType.NONE)
                        .properties("VELDRA_EXAMPLE_PORT=70000")
                        .run()
                        .close(),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(ConfigErrorExit.EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(NAME + ": configuration error: VELDRA_EXAMPLE_PORT must be a TCP port between 0 and 65535,"
                        + " got 70000" + System.lineSeparator());
    }
}
