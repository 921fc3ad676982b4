package org.reservegrid.spring.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The auto-configured {@code /health} and {@code /ready} of a real WebFlux service on a random port, with two
 * readiness checks the test turns up and down.
 */
class HealthControllerTests {
    private static final AtomicBoolean NODE_UP = new AtomicBoolean();
    private static final AtomicBoolean QUEUE_UP = new AtomicBoolean();
    private static ConfigurableApplicationContext context;
    private static WebTestClient client;

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Service {
        @Bean
        ReadinessCheck nodeCheck() {
            return ReadinessCheck.of(
                    "node",
                    () -> CheckResult.of(NODE_UP.get(), "the node answers", "node_unreachable", "connection refused")
                            .with("url", "http://127.0.0.1:8332")
                            .with("last_success_at", NODE_UP.get() ? 1_764_000_000_000L : null));
        }

        @Bean
        ReadinessCheck queueCheck() {
            return ReadinessCheck.of("queue", () -> {
                if (!QUEUE_UP.get()) {
                    throw new IllegalStateException("the queue is gone");
                }
                return CheckResult.up("queue open");
            });
        }
    }

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(Service.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "spring.application.name=rg-example")
                .run();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void allUp() {
        NODE_UP.set(true);
        QUEUE_UP.set(true);
    }

    @Test
    void healthAnswersWhileTheProcessRunsWhateverTheChecksSay() {
        NODE_UP.set(false);
        client.get()
                .uri("/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("up")
                .jsonPath("$.service")
                .isEqualTo("rg-example")
                .jsonPath("$.uptime_secs")
                .isNumber();
    }

    @Test
    void readyIs200WithEveryCheckUp() {
        client.get().uri("/ready").exchange().expectStatus().isOk().expectBody().json("""
                        {"status": "ready", "ready": true, "service": "rg-example",
                         "checks": {"node": {"status": "up", "detail": "the node answers",
                                             "url": "http://127.0.0.1:8332", "last_success_at": 1764000000000},
                                    "queue": {"status": "up", "detail": "queue open"}},
                         "reasons": []}
                        """, JsonCompareMode.STRICT);
    }

    @Test
    void readyIs503WithTheFailingCheckItsReasonAndNullAttributes() {
        NODE_UP.set(false);
        client.get()
                .uri("/ready")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .json("""
                        {"status": "not_ready", "ready": false, "service": "rg-example",
                         "checks": {"node": {"status": "down", "reason": "node_unreachable",
                                             "detail": "connection refused", "url": "http://127.0.0.1:8332",
                                             "last_success_at": null},
                                    "queue": {"status": "up", "detail": "queue open"}},
                         "reasons": ["node_unreachable: connection refused"]}
                        """, JsonCompareMode.STRICT);
    }

    @Test
    void aCheckThatThrowsIsDownInsteadOfA500() {
        QUEUE_UP.set(false);
        client.get()
                .uri("/ready")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.checks.queue.status")
                .isEqualTo("down")
                .jsonPath("$.checks.queue.reason")
                .isEqualTo("check_failed")
                .jsonPath("$.reasons[0]")
                .value(reason -> assertThat((String) reason).startsWith("check_failed: the queue check failed"))
                .jsonPath("$.checks.node.status")
                .isEqualTo("up");
    }

    @Test
    void withoutChecksTheServiceIsReady() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HealthAutoConfiguration.class))
                .withPropertyValues("spring.application.name=rg-empty")
                .run(started -> {
                    HealthController health = started.getBean(HealthController.class);
                    assertThat(health.ready().getStatusCode().value()).isEqualTo(200);
                    assertThat(health.ready().getBody()).containsEntry("service", "rg-empty");
                });
    }

    @Test
    void onlyReactiveWebApplicationsGetTheEndpoints() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HealthAutoConfiguration.class))
                .run(started -> assertThat(started).doesNotHaveBean(HealthController.class));
    }

    @Test
    void twoChecksWithOneNameFailStartUp() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HealthAutoConfiguration.class))
                .withBean("first", ReadinessCheck.class, () -> ReadinessCheck.of("node", () -> CheckResult.up("a")))
                .withBean("second", ReadinessCheck.class, () -> ReadinessCheck.of("node", () -> CheckResult.up("b")))
                .run(started -> assertThat(started.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("two readiness checks are named 'node'"));
    }

    @Test
    void resultsKeepTheirShape() {
        assertThatThrownBy(() -> new CheckResult(false, null, "x", java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckResult(true, "node_unreachable", "x", java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckResult.down("Not Snake", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckResult.up("x").with("status", "mine"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CheckResult.up("x").with("b", 1).with("a", 2).attributes().keySet())
                .containsExactly("b", "a");
        assertThat(List.of(CheckResult.up("x").up(), CheckResult.down("r", "y").up()))
                .containsExactly(true, false);
    }
}
