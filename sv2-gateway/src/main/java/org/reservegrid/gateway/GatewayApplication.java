package org.reservegrid.gateway;

import java.util.HashMap;
import java.util.Map;
import org.reservegrid.common.config.EnvConfig;
import org.reservegrid.spring.logging.LoggingEnvironmentPostProcessor;
import org.reservegrid.spring.startup.ConfigErrorExit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point. Configuration comes only from {@code VELDRA_*} environment variables, read once here and checked
 * before Spring starts: a bad value ends the process with one line naming the variable and exit code 2.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class GatewayApplication {

    public static void main(String[] args) {
        ConfigErrorExit.run("sv2-gateway", () -> start(System.getenv(), args));
    }

    /** Starts the service with the given environment; tests pass their own map. */
    public static ConfigurableApplicationContext start(Map<String, String> environment, String... args) {
        GatewaySettings config = GatewaySettings.from(new EnvConfig(environment));
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.address", config.bind().getHostAddress());
        properties.put("server.port", config.httpPort());
        properties.put("server.shutdown", "immediate");
        properties.put("spring.reactor.netty.shutdown-quiet-period", "0s");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.application.name", "sv2-gateway");
        // VELDRA_LOG_* (checked above) reach logging through reservegrid-spring, in the documented Logstash form.
        properties.putAll(LoggingEnvironmentPostProcessor.defaultProperties(environment, "logstash"));

        SpringApplication application = new SpringApplication(GatewayApplication.class);
        application.setDefaultProperties(properties);
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("gatewayConfig", config));
        ConfigurableApplicationContext context = application.run(args);
        context.registerShutdownHook();
        return context;
    }
}
