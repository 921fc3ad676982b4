package org.reservegrid.loadtest.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP load run.
 *
 * @param url an {@code http://} URL; its path and query are the request target
 * @param method the request method, an HTTP token such as {@code GET} or {@code POST}
 * @param headers extra request headers, sent in this order after {@code Host} (which one of them may replace)
 * @param body the request body, or null for none; sent with {@code Content-Length}
 * @param ratePerSecond requests per second across all connections (open loop: request i is due at i / rate after
 *     the start, whatever happened to earlier ones)
 * @param connections keep-alive connections, each with at most one request in flight; a request that comes due
 *     while every connection is busy is not sent and is counted as such
 * @param timeout a request without a complete response after this long is an error and its connection is replaced
 * @param eventLoopThreads Netty threads for all connections
 * @param serverPid a local process whose CPU time and resident memory the report includes, if any
 */
public record HttpLoadSettings(
        URI url,
        String method,
        List<Header> headers,
        byte @Nullable [] body,
        double ratePerSecond,
        Duration duration,
        Duration warmup,
        int connections,
        Duration timeout,
        int eventLoopThreads,
        OptionalLong serverPid) {

    /** One request header, checked to be a token name and a value without line breaks. */
    public record Header(String name, String value) {
        public Header {
            if (name.isEmpty() || !name.chars().allMatch(Header::isTokenChar)) {
                throw new IllegalArgumentException("header name '" + name + "' is not an HTTP token");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new IllegalArgumentException("header " + name + " has a line break in its value");
            }
        }

        /** Parses {@code "Name: value"} (the value trimmed, possibly empty). */
        public static Header parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header must look like 'Name: value', got '" + text + "'");
            }
            return new Header(
                    text.substring(0, colon).strip(), text.substring(colon + 1).strip());
        }

        boolean is(String other) {
            return name.equalsIgnoreCase(other);
        }

        static boolean isTokenChar(int c) {
            return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }

    public HttpLoadSettings {
        headers = List.copyOf(headers);
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http:// URL with a host, got " + url);
        }
        if (url.getRawUserInfo() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("--url must have no user info and no fragment");
        }
        if (method.isEmpty() || !method.chars().allMatch(Header::isTokenChar)) {
            throw new IllegalArgumentException("--method must be an HTTP token such as GET or POST");
        }
        method = method.toUpperCase(Locale.ROOT);
        for (Header header : headers) {
            if (header.is("Content-Length") || header.is("Transfer-Encoding")) {
                throw new IllegalArgumentException(
                        "--header " + header.name() + " is not allowed: the body's length is computed");
            }
        }
        if (!(ratePerSecond > 0) || ratePerSecond > 1_000_000) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 1000000 per second");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be between 1 and 10000");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be positive");
        }
        if (eventLoopThreads < 1 || eventLoopThreads > 64) {
            throw new IllegalArgumentException("--event-loop-threads must be between 1 and 64");
        }
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() < 0 ? 80 : url.getPort();
    }

    /** The request target: the URL's raw path (or {@code /}) and query. */
    public String target() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }

    /**
     * The bytes of one request, encoded once for the whole run: request line, {@code Host} (unless a header
     * replaces it), the extra headers, and with a body its {@code Content-Length} and, unless given,
     * {@code Content-Type: application/json}.
     */
    public byte[] encodedRequest() {
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target()).append(" HTTP/1.1\r\n");
        if (headers.stream().noneMatch(header -> header.is("Host"))) {
            String host = url.getHost().contains(":") && !url.getHost().startsWith("[")
                    ? "[" + url.getHost() + "]"
                    : url.getHost();
            head.append("Host: ").append(host);
            if (url.getPort() >= 0) {
                head.append(':').append(url.getPort());
            }
            head.append("\r\n");
        }
        for (Header header : headers) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
        }
        if (body != null) {
            if (headers.stream().noneMatch(header -> header.is("Content-Type"))) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return headBytes;
        }
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }
}
