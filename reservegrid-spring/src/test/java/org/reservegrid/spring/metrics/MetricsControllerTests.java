package org.reservegrid.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.spring.health.CheckResult;
import org.reservegrid.spring.health.ReadinessCheck;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The auto-configured {@code /metrics} of a real WebFlux service on a random port, serving the service's registry. */
class MetricsControllerTests {
    private static final AtomicBoolean NODE_UP = new AtomicBoolean(true);
    private static ConfigurableApplicationContext context;
    private static WebTestClient client;

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Service {
        @Bean
        PrometheusMeterRegistry prometheusMeterRegistry() {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.counter("rg_example_templates_total", "result", "accepted").increment(3);
            return registry;
        }

        @Bean
        ReadinessCheck nodeCheck() {
            return ReadinessCheck.of(
                    "node", () -> CheckResult.of(NODE_UP.get(), "the node answers", "node_unreachable", "refused"));
        }
    }

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(Service.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.exclude=*")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void metricsAnswersThePrometheusTextOfTheServicesRegistry() {
        String body = client.get()
                .uri("/metrics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MetricsController.PROMETHEUS_TEXT)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("rg_example_templates_total{result=\"accepted\"} 3.0");
    }

    @Test
    void readyGaugeFollowsTheReadinessChecksAtEachScrape() {
        try {
            assertThat(scrape()).contains("rg_ready 1.0");
            NODE_UP.set(false);
            assertThat(scrape()).contains("rg_ready 0.0");
            client.get().uri("/ready").exchange().expectStatus().isEqualTo(503);
            NODE_UP.set(true);
            assertThat(scrape()).contains("rg_ready 1.0");
        } finally {
            NODE_UP.set(true);
        }
    }

    private static String scrape() {
        String body = client.get()
                .uri("/metrics")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).isNotNull();
        return body;
    }

    @Test
    void aServiceWithoutAPrometheusRegistryBeanGetsNoMetricsController() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .run(started -> assertThat(started).hasNotFailed().doesNotHaveBean(MetricsController.class));
    }

    @Test
    void aServiceWithoutAPrometheusRegistryOnTheClassPathGetsNoMetricsController() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
                .withClassLoader(
                        new org.springframework.boot.test.context.FilteredClassLoader(PrometheusMeterRegistry.class))
                .run(started -> assertThat(started).doesNotHaveBean(MetricsController.class));
    }
}
