package org.reservegrid.gateway;

import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The gateway's settings, read from the {@code VELDRA_*} variables of Spring's environment, and where its HTTP
 * server binds (reservegrid-spring's bind customizer applies it; the SV2 server binds the same address).
 */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

    @Bean
    GatewaySettings gatewaySettings(Environment environment) {
        return GatewaySettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(GatewaySettings settings) {
        return new HttpBind(GatewaySettings.BIND, settings.bind(), settings.httpPort());
    }
}
