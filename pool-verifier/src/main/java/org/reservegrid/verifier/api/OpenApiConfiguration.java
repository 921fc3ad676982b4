package org.reservegrid.verifier.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The generated OpenAPI document ({@code GET /api/openapi} as JSON, {@code /api/openapi.yaml} as YAML). Schemas
 * use the same snake_case property names as the JSON the API writes.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI verifierOpenApi() {
        return new OpenAPI()
                .info(
                        new Info()
                                .title("pool-verifier API")
                                .version("1")
                                .description(
                                        "Verdict history (each verdict with its policy checks and fee-tier basis), policy"
                                                + " management, what-if replay of recent templates against a draft policy, dry-run"
                                                + " evaluation, health and metrics of the ReserveGrid template verifier. Protected"
                                                + " endpoints (PUT /api/policy, POST /api/policy/validate, POST /api/policy/what-if,"
                                                + " GET /api/export/**) need 'Authorization: Bearer"
                                                + " <VELDRA_API_SECRET>' unless the client is on loopback and"
                                                + " VELDRA_API_LOCALHOST_BYPASS is on. Errors are {\"error\": code, \"message\": text}."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")));
    }

    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }
}
