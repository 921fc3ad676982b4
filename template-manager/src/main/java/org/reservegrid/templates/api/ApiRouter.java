package org.reservegrid.templates.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.reservegrid.templates.TemplateManagerSettings;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.node.NodeRpcClient;
import org.reservegrid.templates.settings.SettingsStore;
import org.reservegrid.templates.template.TemplateHub;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every HTTP route of the service, in one place (docs/template-manager.md lists them); {@code /health} and
 * {@code /ready} are reservegrid-spring's, from {@code health.ReadinessChecks}. Anything else is answered by
 * reservegrid-spring's error handler: 404 {@code not_found}.
 */
@Configuration(proxyBeanMethods = false)
class ApiRouter {

    @Bean
    RouterFunction<ServerResponse> routes(
            TemplateHub hub,
            NodeRpcClient rpc,
            SettingsStore settings,
            TemplateMetrics metrics,
            PrometheusMeterRegistry registry,
            TemplateManagerSettings config,
            JsonMapper jsonMapper) {
        TemplateRoutes templates = new TemplateRoutes(hub);
        NodeRoutes node = new NodeRoutes(rpc, settings, metrics, jsonMapper);
        SettingsRoutes settingsRoutes = new SettingsRoutes(settings, config, jsonMapper);
        OpsRoutes ops = new OpsRoutes(registry);
        return RouterFunctions.route()
                .GET("/api/templates/stream", templates::stream)
                .GET("/api/templates/latest", templates::latest)
                .GET("/api/templates/{sequence}", templates::bySequence)
                .GET("/api/templates", templates::list)
                .GET("/api/mempool", node::mempool)
                .POST("/api/submit-block", node::submitBlock)
                .GET("/api/settings", settingsRoutes::get)
                .PUT("/api/settings", settingsRoutes::put)
                .GET("/metrics", ops::metrics)
                .build();
    }
}
