package org.reservegrid.verifier.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small blocking HTTP client over real sockets for tests. */
public final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final @Nullable SSLContext tls;
    private final String base;

    public Http(String base) {
        this(base, null);
    }

    public Http(String base, @Nullable SSLContext tls) {
        this.tls = tls;
        this.base = base;
    }

    /**
     * A new client (so a new connection) per request. Sequences of keep-alive requests from one JDK client to the
     * verifier have occasionally stalled for the whole request timeout on this machine while the same sequences
     * from curl never did; until that is understood, each request gets its own connection so the API assertions
     * are not hostage to it (see the closing note of the issue for the open investigation).
     */
    private HttpClient client() {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response send(String method, String path, @Nullable String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Response sendBytes(String method, String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"));
    }

    private Response send(HttpRequest.Builder request) {
        try (HttpClient client = client()) {
            HttpResponse<String> response =
                    client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
