package org.reservegrid.spring.startup;

import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The one way a service starts. Its main class is
 *
 * <pre>{@code
 * @SpringBootApplication(proxyBeanMethods = false)
 * public class ExampleApplication {
 *     public static final String NAME = "rg-example";
 *
 *     public static void main(String[] args) {
 *         ServiceApplication.main(NAME, application(), args);
 *     }
 *
 *     public static SpringApplicationBuilder application() {
 *         return ServiceApplication.builder(NAME, ExampleApplication.class);
 *     }
 * }
 * }</pre>
 *
 * and tests start {@code application()} with their own properties, exactly as {@code main} does.
 */
public final class ServiceApplication {
    private ServiceApplication() {}

    /**
     * The service's application: Spring Boot shaped by {@code <name>.properties} (not {@code application.properties},
     * so two services can share a test classpath) and reporting itself as {@code name}.
     */
    public static SpringApplicationBuilder builder(String name, Class<?> mainClass) {
        return new SpringApplicationBuilder(mainClass)
                .properties("spring.config.name=" + name, "spring.application.name=" + name);
    }

    /**
     * Runs the application; a bad {@code VELDRA_*} value ends the process through {@link ConfigErrorExit} (one line
     * naming the variable, exit code {@value ConfigErrorExit#EXIT_CODE}).
     */
    public static void main(String name, SpringApplicationBuilder application, String[] args) {
        ConfigErrorExit.run(name, () -> application.run(args));
    }
}
