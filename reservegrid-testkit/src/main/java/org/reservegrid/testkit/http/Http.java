package org.reservegrid.testkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** A small blocking HTTP/1.1 client for one service's base URL ({@code http://127.0.0.1:PORT}). */
public final class Http {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final @Nullable SSLContext tls;

    public Http(String base) {
        this(base, null);
    }

    public Http(String base, @Nullable SSLContext tls) {
        this.base = base;
        this.tls = tls;
    }

    /** A client for {@code http://127.0.0.1:port}. */
    public static Http loopback(int port) {
        return new Http("http://127.0.0.1:" + port);
    }

    public String base() {
        return base;
    }

    public HttpResult get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResult post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Any method, an optional body and header name/value pairs. */
    public HttpResult send(String method, String path, @Nullable String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** A raw JSON body, byte for byte (for bodies that are not valid UTF-8 text). */
    public HttpResult sendBytes(String method, String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json"));
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    /**
     * A new client (so a new connection) per request. Sequences of keep-alive requests from one JDK client to the
     * verifier have occasionally stalled for the whole request timeout on a loaded machine while the same sequences
     * from curl never did; a connection per request keeps assertions from being hostage to that.
     */
    private HttpClient client() {
        HttpClient.Builder builder =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    private HttpResult send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try (HttpClient client = client()) {
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            return new HttpResult(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
