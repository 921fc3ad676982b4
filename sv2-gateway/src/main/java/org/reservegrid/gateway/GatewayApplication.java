package org.reservegrid.gateway;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * sv2-gateway: the Stratum V2 pool side. Configuration comes only from {@code VELDRA_*} variables
 * ({@link GatewaySettings}, read by {@link SettingsConfiguration}); a bad value ends the process with one line naming
 * the variable and exit code 2.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class GatewayApplication {
    public static final String NAME = "sv2-gateway";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own properties. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, GatewayApplication.class);
    }
}
