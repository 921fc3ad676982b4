package org.reservegrid.spring.api;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** Registers {@link ApiErrorHandler} in every reactive service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
public class ApiErrorAutoConfiguration {

    @Bean
    ApiErrorHandler apiErrorHandler(ObjectProvider<JsonMapper> json, Environment environment) {
        return new ApiErrorHandler(
                json.getIfAvailable(JsonMapper::new), environment.getProperty("spring.application.name", "service"));
    }
}
