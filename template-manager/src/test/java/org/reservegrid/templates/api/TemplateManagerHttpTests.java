package org.reservegrid.templates.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reservegrid.templates.TemplateManagerApplication;
import org.reservegrid.testkit.Await;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP surface itself, on the real application with no node and no verifier behind it: error shapes of the
 * framework's own failures, body-size limits, content types whatever the client accepts, and the template
 * stream's opening, keep-alive and clean end on disconnect.
 */
class TemplateManagerHttpTests {
    private static final JsonMapper MAPPER = new JsonMapper();
    /** TemplateManagerBeans.MAX_REQUEST_BYTES: the request codecs' cap. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;

    private static final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ConfigurableApplicationContext app;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        app = TemplateManagerApplication.application()
                .properties(Map.<String, Object>of(
                        "VELDRA_TEMPLATE_MANAGER_HTTP_PORT",
                        "0",
                        "VELDRA_BITCOIND_RPC_URL",
                        "http://127.0.0.1:" + closedPort(),
                        "VELDRA_VERIFIER_ADDR",
                        "127.0.0.1:" + closedPort(),
                        "VELDRA_LOG_FILTER",
                        "error"))
                .run();
        base = "http://127.0.0.1:"
                + ((ReactiveWebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUnknownPathIsNotFoundInTheSharedErrorShape() throws Exception {
        HttpResponse<String> response = send("GET", "/api/nothing-here", null, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .isEqualTo("{\"error\":\"not_found\",\"message\":\"no such endpoint: GET /api/nothing-here\"}");
    }

    @Test
    void aKnownPathWithAnotherMethodIsMethodNotAllowedWithAllow() throws Exception {
        HttpResponse<String> settings = send("DELETE", "/api/settings", null, null);
        HttpResponse<String> submit = send("GET", "/api/submit-block", null, null);

        assertThat(settings.statusCode()).isEqualTo(405);
        assertThat(json(settings).get("error").asString()).isEqualTo("method_not_allowed");
        assertThat(settings.headers().firstValue("Allow").orElseThrow().split(",\\s*"))
                .containsExactlyInAnyOrder("GET", "PUT");
        assertThat(submit.statusCode()).isEqualTo(405);
        assertThat(submit.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void bodiesOverTheCodecLimitAreRefusedWith413() throws Exception {
        String oversized = "{\"hex\": \"" + "0".repeat(MAX_REQUEST_BYTES) + "\"}";

        HttpResponse<String> block = send("POST", "/api/submit-block", oversized, "application/json");
        HttpResponse<String> settings = send("PUT", "/api/settings", oversized, "application/json");

        assertThat(block.statusCode()).isEqualTo(413);
        assertThat(block.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(block).get("error").asString()).isEqualTo("too_large");
        assertThat(json(block).get("message").asString()).isEqualTo("the request body is larger than a block can be");
        assertThat(settings.statusCode()).isEqualTo(413);
        assertThat(json(settings).get("error").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void bodiesAreReadWhateverTheirContentType() throws Exception {
        HttpResponse<String> noType = send("POST", "/api/submit-block", "", null);
        HttpResponse<String> text = send("POST", "/api/submit-block", "{\"hex\": \"00\"}", "text/plain");
        HttpResponse<String> settings = send("PUT", "/api/settings", "{}", null);

        assertThat(noType.statusCode()).isEqualTo(400);
        assertThat(json(noType).get("error").asString()).isEqualTo("malformed_request");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(json(text).get("error").asString()).isEqualTo("malformed_hex");
        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(json(settings).has("rpc_url")).isTrue();
    }

    @Test
    void parametersAreCheckedAsBefore() throws Exception {
        HttpResponse<String> valueless = send("GET", "/api/templates?limit", null, null);
        HttpResponse<String> notANumber = send("GET", "/api/templates?limit=ten", null, null);
        HttpResponse<String> defaultLimit = send("GET", "/api/templates", null, null);
        HttpResponse<String> badSequence = send("GET", "/api/templates/abc", null, null);
        HttpResponse<String> latest = send("GET", "/api/templates/latest", null, null);

        assertThat(valueless.statusCode()).isEqualTo(400);
        assertThat(json(valueless).get("error").asString()).isEqualTo("bad_limit");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json(notANumber).get("message").asString()).isEqualTo("limit must be between 1 and 10000");
        assertThat(defaultLimit.statusCode()).isEqualTo(200);
        assertThat(defaultLimit.body()).isEqualTo("{\"count\":0,\"templates\":[]}");
        assertThat(badSequence.statusCode()).isEqualTo(400);
        assertThat(json(badSequence).get("error").asString()).isEqualTo("bad_sequence");
        assertThat(latest.statusCode()).isEqualTo(404);
        assertThat(latest.body()).isEqualTo("{\"error\":\"no_template_yet\",\"message\":\"no template fetched yet\"}");
    }

    @Test
    void theDiffOfATemplateChecksItsSequenceAndLimit() throws Exception {
        HttpResponse<String> notANumber = send("GET", "/api/templates/abc/diff", null, null);
        HttpResponse<String> unknown = send("GET", "/api/templates/42/diff", null, null);
        HttpResponse<String> overMax = send("GET", "/api/templates/42/diff?limit=1001", null, null);
        HttpResponse<String> negative = send("GET", "/api/templates/42/diff?limit=-1", null, null);
        HttpResponse<String> valueless = send("GET", "/api/templates/42/diff?limit", null, null);
        HttpResponse<String> highest = send("GET", "/api/templates/42/diff?limit=1000", null, null);
        HttpResponse<String> wrongMethod = send("POST", "/api/templates/42/diff", "", null);

        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body())
                .isEqualTo(
                        "{\"error\":\"invalid_parameter\",\"message\":\"the sequence must be a number, got 'abc'\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(unknown.body()).isEqualTo("{\"error\":\"not_found\",\"message\":\"template 42 is not retained\"}");
        assertThat(overMax.statusCode()).isEqualTo(400);
        assertThat(json(overMax).get("error").asString()).isEqualTo("invalid_parameter");
        assertThat(json(overMax).get("message").asString()).isEqualTo("limit must be between 0 and 1000, got '1001'");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(valueless.statusCode()).isEqualTo(400);
        // A good limit gets as far as the lookup.
        assertThat(highest.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aFailingNodeIsABadGatewayWithItsKind() throws Exception {
        HttpResponse<String> mempool = send("GET", "/api/mempool", null, null);

        assertThat(mempool.statusCode()).isEqualTo(502);
        assertThat(mempool.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(mempool);
        assertThat(body.get("error").asString()).isEqualTo("node_unavailable");
        assertThat(body.get("kind").asString()).isEqualTo("node_connection_refused");
        assertThat(body.propertyNames()).containsExactly("error", "message", "kind");
    }

    @Test
    void answersKeepTheirContentTypeWhateverTheClientAccepts() throws Exception {
        HttpResponse<String> settings = sendAccepting("/api/settings", "text/html");
        HttpResponse<String> metrics = sendAccepting("/metrics", "application/json");
        HttpResponse<String> list = sendAccepting("/api/templates", "text/plain");

        assertThat(settings.statusCode()).isEqualTo(200);
        assertThat(settings.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(settings).propertyNames())
                .containsExactly(
                        "rpc_url",
                        "rpc_user_set",
                        "rpc_pass_set",
                        "poll_interval_secs",
                        "longpoll",
                        "longpoll_timeout_secs",
                        "rpc_timeout_secs",
                        "refresh_secs",
                        "verdict_timeout_secs",
                        "read_only");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain;version=0.0.4;charset=utf-8");
        assertThat(metrics.body()).contains("rg_template_stream_subscribers ");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void theStreamOpensWithItsCommentKeepsAliveAndEndsWhenTheClientLeaves() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/templates/stream?last_event_id=3-v"))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            assertThat(lines.readLine()).isEqualTo(":template-manager stream");
            assertThat(lines.readLine()).isEmpty();
            Await.until("one stream subscriber", () -> subscribers() == 1);

            // The first keep-alive comes one heartbeat interval (15 s) after the opening.
            assertThat(lines.readLine()).isEqualTo(":heartbeat");
            assertThat(lines.readLine()).isEmpty();
        }
        Await.until("the subscription ended with the connection", () -> subscribers() == 0);
    }

    @Test
    void aHeadRequestOnTheStreamAnswersItsHeadersAtOnceWithoutSubscribing() throws Exception {
        HttpResponse<Void> head = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/templates/stream"))
                        .timeout(Duration.ofSeconds(10))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/event-stream;charset=UTF-8");
        assertThat(subscribers()).isZero();
    }

    @Test
    void theOpenApiDocumentListsTheApi() throws Exception {
        HttpResponse<String> yaml = send("GET", "/api/openapi.yaml", null, null);

        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body())
                .contains("/api/templates/stream")
                .contains("/api/templates/{sequence}")
                .contains("/api/templates/{sequence}/diff")
                .contains("/api/submit-block")
                .contains("/api/settings");
    }

    // ---- helpers ----

    private static double subscribers() {
        try {
            for (String line : send("GET", "/metrics", null, null).body().split("\n")) {
                if (line.startsWith("rg_template_stream_subscribers ")) {
                    return Double.parseDouble(
                            line.substring(line.indexOf(' ') + 1).trim());
                }
            }
            return -1;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> sendAccepting(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(
            String method, String path, @Nullable String body, @Nullable String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
