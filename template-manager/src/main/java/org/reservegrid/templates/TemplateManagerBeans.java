package org.reservegrid.templates;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.reservegrid.noderpc.NodeRpcClient;
import org.reservegrid.templates.metrics.ErrorKind;
import org.reservegrid.templates.metrics.TemplateMetrics;
import org.reservegrid.templates.node.ZmqBlockListener;
import org.reservegrid.templates.settings.SettingsStore;
import org.reservegrid.templates.template.NodeHealth;
import org.reservegrid.templates.template.ProposeConverter;
import org.reservegrid.templates.template.TemplateFetcher;
import org.reservegrid.templates.template.TemplateHub;
import org.reservegrid.templates.template.TemplateJson;
import org.reservegrid.templates.verifier.VerifierClient;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Wires the pipeline: node client, fetcher, verifier client, hub, metrics. */
@Configuration(proxyBeanMethods = false)
class TemplateManagerBeans {
    /** A submitted block (up to 4 MB, 8 MB as hex) must fit through the request codecs. */
    static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    /** The stream subscriber buffer: a gateway that falls this many events behind is disconnected. */
    static final int STREAM_BUFFER_EVENTS = 64;

    @Bean
    JsonMapper jsonMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
    }

    @Bean
    WebFluxConfigurer requestSizeLimit() {
        return new WebFluxConfigurer() {
            @Override
            public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
                configurer.defaultCodecs().maxInMemorySize(MAX_REQUEST_BYTES);
            }
        };
    }

    @Bean
    PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    TemplateMetrics templateMetrics(PrometheusMeterRegistry registry) {
        return new TemplateMetrics(registry);
    }

    @Bean
    SettingsStore settingsStore(TemplateManagerSettings config) {
        return new SettingsStore(config.initialSettings());
    }

    @Bean(destroyMethod = "close")
    NodeRpcClient nodeRpcClient(JsonMapper jsonMapper) {
        return new NodeRpcClient(jsonMapper);
    }

    @Bean
    NodeHealth nodeHealth(TemplateMetrics metrics) {
        return new NodeHealth(metrics);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    VerifierClient verifierClient(TemplateManagerSettings config, SettingsStore settings, TemplateMetrics metrics) {
        return new VerifierClient(
                config.verifierAddress(),
                config.verifierQueue(),
                () -> settings.current().verdictTimeout(),
                metrics);
    }

    @Bean
    TemplateHub templateHub(TemplateManagerSettings config, JsonMapper jsonMapper, TemplateMetrics metrics) {
        return new TemplateHub(config.history(), STREAM_BUFFER_EVENTS, new TemplateJson(jsonMapper), metrics);
    }

    /**
     * Ends the open template streams when the application stops. Its default phase stops it before the web
     * server's graceful shutdown, which would otherwise wait its full timeout for those endless responses.
     */
    @Bean
    SmartLifecycle templateStreamShutdown(TemplateHub hub) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                hub.close();
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }

    @Bean
    ProposeConverter proposeConverter(TemplateManagerSettings config) {
        int protocolVersion = config.protocolVersion();
        long coinbaseSigops = config.coinbaseSigops();
        return ProposeConverter.stamping(protocolVersion, coinbaseSigops);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    TemplateFetcher templateFetcher(
            NodeRpcClient rpc,
            SettingsStore settings,
            ProposeConverter converter,
            TemplateHub hub,
            VerifierClient verifier,
            TemplateMetrics metrics,
            NodeHealth health) {
        return new TemplateFetcher(rpc, settings, converter, hub, verifier, metrics, health);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ZmqBlockListener zmqBlockListener(
            TemplateManagerSettings config, TemplateFetcher fetcher, TemplateMetrics metrics) {
        return new ZmqBlockListener(
                config.zmqEndpoint(), () -> fetcher.wake("zmq hashblock"), () -> metrics.error(ErrorKind.ZMQ_ERROR));
    }
}
