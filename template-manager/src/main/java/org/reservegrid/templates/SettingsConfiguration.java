package org.reservegrid.templates;

import org.reservegrid.spring.bind.HttpBind;
import org.reservegrid.spring.settings.VeldraEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * template-manager's settings, read from the {@code VELDRA_*} variables of Spring's environment, and where its HTTP
 * server binds (reservegrid-spring's bind customizer applies it).
 */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

    @Bean
    TemplateManagerSettings templateManagerSettings(Environment environment) {
        return TemplateManagerSettings.from(VeldraEnvironment.read(environment));
    }

    @Bean
    HttpBind httpBind(TemplateManagerSettings settings) {
        return new HttpBind(TemplateManagerSettings.BIND, settings.httpBind(), settings.httpPort());
    }
}
