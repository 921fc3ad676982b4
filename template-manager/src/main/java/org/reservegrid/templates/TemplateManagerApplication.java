package org.reservegrid.templates;

import java.util.HashMap;
import java.util.Map;
import org.reservegrid.common.config.ConfigException;
import org.reservegrid.common.config.EnvConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point. Configuration comes only from {@code VELDRA_*} environment variables (read once, here); they are
 * checked before Spring starts so a bad value ends the process with one clear line and exit code 2.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class TemplateManagerApplication {

    public static void main(String[] args) {
        try {
            start(System.getenv(), args);
        } catch (ConfigException e) {
            System.err.println("template-manager: configuration error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts the service with the given environment; tests pass their own map. */
    public static ConfigurableApplicationContext start(Map<String, String> environment, String... args) {
        TemplateManagerConfig config = TemplateManagerConfig.from(new EnvConfig(environment));
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", config.httpBind().getHostAddress());
        properties.put("server.port", config.httpPort());
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.application.name", "template-manager");
        properties.putAll(config.logging().springProperties());

        SpringApplication application = new SpringApplication(TemplateManagerApplication.class);
        application.setDefaultProperties(properties);
        application.addInitializers(
                context -> context.getBeanFactory().registerSingleton("templateManagerConfig", config));
        return application.run(args);
    }
}
