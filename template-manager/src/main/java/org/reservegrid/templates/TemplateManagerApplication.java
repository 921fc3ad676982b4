package org.reservegrid.templates;

import java.util.HashMap;
import java.util.Map;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.spring.logging.LoggingEnvironmentPostProcessor;
import org.reservegrid.spring.startup.ConfigErrorExit;
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
        ConfigErrorExit.run("template-manager", () -> start(System.getenv(), args));
    }

    /** Starts the service with the given environment; tests pass their own map. */
    public static ConfigurableApplicationContext start(Map<String, String> environment, String... args) {
        TemplateManagerSettings config = TemplateManagerSettings.from(new EnvConfig(environment));
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", config.httpBind().getHostAddress());
        properties.put("server.port", config.httpPort());
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.application.name", "template-manager");
        // VELDRA_LOG_* (checked above) reach logging through reservegrid-spring, in the documented Logstash form.
        properties.putAll(LoggingEnvironmentPostProcessor.defaultProperties(environment, "logstash"));

        SpringApplication application = new SpringApplication(TemplateManagerApplication.class);
        application.setDefaultProperties(properties);
        application.addInitializers(
                context -> context.getBeanFactory().registerSingleton("templateManagerConfig", config));
        return application.run(args);
    }
}
