package org.reservegrid.gateway.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The generated OpenAPI document ({@code GET /api/openapi} as JSON, {@code /api/openapi.yaml} as YAML). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("sv2-gateway API")
                        .version("1")
                        .description("Channels, stats, found blocks and Noise keys of the ReserveGrid Stratum V2"
                                + " gateway, with health and metrics. Bodies are snake_case JSON; errors are"
                                + " {\"error\": code, \"message\": text} (docs/sv2-gateway.md)."));
    }
}
