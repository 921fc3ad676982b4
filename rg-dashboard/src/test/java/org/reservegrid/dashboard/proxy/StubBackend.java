package org.reservegrid.dashboard.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a backend service on a loopback port that records every request it got. {@code /ready} answers
 * 200; {@code /api/stream} sends one event, then a second only after {@link #releaseStream()}; {@code /api/slow}
 * answers only after {@link #close()}; anything else echoes method, path and query as JSON, with a header that
 * repeats the Authorization it received (which the dashboard must not pass on).
 */
final class StubBackend implements AutoCloseable {
    record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> String.join(",", entry.getValue()))
                    .findFirst()
                    .orElse("");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch streamGate = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);

    StubBackend() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The requests under /api (the dashboard's readiness probe asks /ready on its own). */
    List<Received> apiRequests() {
        return received.stream().filter(r -> r.path().startsWith("/api")).toList();
    }

    void forget() {
        received.clear();
    }

    void releaseStream() {
        streamGate.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(),
                path,
                query == null ? "" : query,
                Map.copyOf(exchange.getRequestHeaders()),
                body));
        try {
            if (path.equals("/api/stream")) {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                streamGate.await(60, TimeUnit.SECONDS);
                out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
                out.close();
                return;
            }
            if (path.equals("/api/slow")) {
                closing.await(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            exchange.getResponseHeaders().set("X-Echo-Authorization", auth);
            exchange.getResponseHeaders().set("Cache-Control", "private, " + auth);
        }
        exchange.getResponseHeaders().set("Set-Cookie", "backend=1; Path=/");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        byte[] answer = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"path\":\"" + path + "\",\"query\":\""
                        + (query == null ? "" : query) + "\",\"body_length\":" + body.length() + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        streamGate.countDown();
        server.stop(0);
    }
}
