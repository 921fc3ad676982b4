package org.reservegrid.templates.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The generated OpenAPI document ({@code GET /api/openapi} as JSON, {@code /api/openapi.yaml} as YAML). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI templateManagerOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("template-manager API")
                        .version("1")
                        .description("Block templates with their verdicts (list, by sequence, latest, and the SSE"
                                + " stream the gateway follows), the node's mempool, submit-block, runtime settings,"
                                + " health and metrics. Bodies are snake_case JSON; errors are {\"error\": code,"
                                + " \"message\": text} (docs/template-manager.md)."));
    }
}
