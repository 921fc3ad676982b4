package org.reservegrid.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One real WebFlux service on a random port, with a functional route and an annotated controller: every failure
 * answers {@code {"error": code, "message": ...}}.
 */
class ApiErrorHandlerTests {
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static ConfigurableApplicationContext context;
    private static int port;

    record Echo(String text) {}

    @RestController
    static class Controller {
        @GetMapping("/annotated/conflict")
        String conflict() {
            throw new ApiException(HttpStatus.CONFLICT, "stale_version", "policy 3 was replaced", Map.of("current", 4));
        }

        @PostMapping("/annotated/echo")
        Echo echo(@RequestBody Echo echo) {
            return echo;
        }

        @GetMapping("/annotated/page")
        String page(@RequestParam int limit) {
            return "page of " + limit;
        }

        @GetMapping("/annotated/bug")
        String bug() {
            throw new IllegalStateException("a bug, with internals that stay in the log");
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Service {
        @Bean
        Controller controller() {
            return new Controller();
        }

        @Bean
        RouterFunction<ServerResponse> routes() {
            return RouterFunctions.route()
                    .GET("/functional/ok", request -> ServerResponse.ok().bodyValue("ok"))
                    .GET(
                            "/functional/missing",
                            request -> ApiErrors.error(
                                    HttpStatus.NOT_FOUND, "unknown_thing", "thing 7 is not retained", Map.of("id", 7)))
                    .build();
        }
    }

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(Service.class)
                .properties(
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "spring.application.name=demo",
                        "spring.http.codecs.max-in-memory-size=1KB")
                .run();
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    private static Answer send(String method, String path, String body) throws Exception {
        return send(method, path, "application/json", body);
    }

    private static Answer send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    @Test
    void routesAnswerErrorsWithCodeMessageAndExtraMembersInOrder() throws Exception {
        Answer answer = send("GET", "/functional/missing", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.raw().body())
                .isEqualTo("{\"error\":\"unknown_thing\",\"message\":\"thing 7 is not retained\",\"id\":7}");
    }

    @Test
    void controllersThrowApiExceptionsThatKeepTheirStatusAndCode() throws Exception {
        Answer answer = send("GET", "/annotated/conflict", null);

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.raw().body())
                .isEqualTo("{\"error\":\"stale_version\",\"message\":\"policy 3 was replaced\",\"current\":4}");
    }

    @Test
    void unknownPathsAreNotFoundWithTheMethodAndPath() throws Exception {
        Answer get = send("GET", "/nothing-here", null);
        Answer post = send("POST", "/functional/ok", "{}");

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.body().get("error").asString()).isEqualTo("not_found");
        assertThat(get.body().get("message").asString()).isEqualTo("no such endpoint: GET /nothing-here");
        assertThat(post.status()).isEqualTo(404);
        assertThat(post.body().get("message").asString()).isEqualTo("no such endpoint: POST /functional/ok");
    }

    @Test
    void aWrongMethodOnAControllerIsMethodNotAllowedWithAllow() throws Exception {
        Answer answer = send("DELETE", "/annotated/echo", null);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.body().get("error").asString()).isEqualTo("method_not_allowed");
        assertThat(answer.raw().headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void malformedAndOversizedBodiesAreClientErrors() throws Exception {
        Answer malformed = send("POST", "/annotated/echo", "{\"text\": ");
        Answer oversized = send("POST", "/annotated/echo", "{\"text\": \"" + "x".repeat(4096) + "\"}");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asString()).isEqualTo("malformed_body");
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.body().get("error").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void aParameterOfTheWrongTypeIsABadRequestNamingIt() throws Exception {
        Answer answer = send("GET", "/annotated/page?limit=abc", null);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("error").asString()).isEqualTo("bad_request");
        assertThat(answer.body().get("message").asString()).isEqualTo("the parameter 'limit' has the wrong type");
    }

    @Test
    void anUnsupportedContentTypeNamesMediaTypesNeverTheJavaTypeOfTheBody() throws Exception {
        Answer answer = send("POST", "/annotated/echo", "text/plain", "hello");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.body().get("error").asString()).isEqualTo("unsupported_media_type");
        assertThat(answer.body().get("message").asString())
                .startsWith("the content type 'text/plain' is not accepted here; send application/json")
                .doesNotContain("Echo")
                .doesNotContain("org.reservegrid");
    }

    @Test
    void aBugIsAnInternalErrorWithoutItsDetailsAndTheConnectionCloses() throws Exception {
        Answer answer = send("GET", "/annotated/bug", null);

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.raw().body())
                .isEqualTo("{\"error\":\"internal_error\",\"message\":\"internal error; see the demo log\"}");
        assertThat(answer.raw().headers().firstValue("Connection")).hasValue("close");
    }
}
