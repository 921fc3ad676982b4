package org.reservegrid.noderpc.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real JSON-RPC 1.0 HTTP server on loopback that answers like a node: {@code getblocktemplate} (with long
 * polling on {@code longpollid}), {@code getmempoolinfo} and {@code submitblock}, each replaceable by a handler that
 * returns any answer (RPC errors, HTTP errors, malformed JSON, slow answers). It checks HTTP Basic credentials
 * when configured, records every call, and can be stopped and restarted on the same port.
 */
public final class FakeNode implements AutoCloseable {
    private static final JsonMapper MAPPER = new JsonMapper();

    /** One received call. */
    public record Call(
            String method, JsonNode params, @Nullable String authorization) {}

    /** What to answer: HTTP status, body, and how long to wait first. */
    public record Answer(int status, String body, long delayMillis) {
        public static Answer result(JsonNode result) {
            ObjectNode body = MAPPER.createObjectNode();
            body.set("result", result);
            body.putNull("error");
            body.put("id", 1);
            return new Answer(200, body.toString(), 0);
        }

        /** Bitcoin Core answers JSON-RPC 1.0 errors with HTTP 500. */
        public static Answer rpcError(int code, String message) {
            ObjectNode body = MAPPER.createObjectNode();
            body.putNull("result");
            body.putObject("error").put("code", code).put("message", message);
            body.put("id", 1);
            return new Answer(500, body.toString(), 0);
        }

        public static Answer http(int status, String body) {
            return new Answer(status, body, 0);
        }

        public Answer delayed(long millis) {
            return new Answer(status, body, millis);
        }
    }

    private final Map<String, Function<Call, Answer>> handlers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Object templateLock = new Object();
    private ObjectNode template;
    private volatile JsonNode mempool;
    private volatile @Nullable String expectedAuthorization;
    private volatile long longPollHoldMillis = 30_000;
    private volatile @Nullable HttpServer server;
    private @Nullable ExecutorService executor;
    private int port;

    public FakeNode(ObjectNode template) {
        this.template = template;
        this.mempool = SharedFixtures.coreMempoolInfo();
        handlers.put("getblocktemplate", this::blockTemplate);
        handlers.put("getmempoolinfo", call -> Answer.result(mempool));
        handlers.put("submitblock", call -> Answer.result(MAPPER.nullNode()));
    }

    /** Starts listening (on the previous port after a stop); does nothing when already listening. */
    public synchronized FakeNode start() {
        if (server != null) {
            return this;
        }
        try {
            HttpServer http = bind();
            executor = Executors.newVirtualThreadPerTaskExecutor();
            http.setExecutor(executor);
            http.createContext("/", this::handle);
            http.start();
            server = http;
            port = http.getAddress().getPort();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake node", e);
        }
    }

    private HttpServer bind() throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            } catch (java.net.BindException e) {
                // Connections of the previous run may hold the port for a moment after a restart.
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Stops listening: further calls see connection refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        synchronized (templateLock) {
            templateLock.notifyAll();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public FakeNode requireCredentials(String user, String password) {
        expectedAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public void longPollHold(long millis) {
        longPollHoldMillis = millis;
    }

    /** Replaces the template; long polls waiting on the old one answer at once. */
    public void template(ObjectNode newTemplate) {
        synchronized (templateLock) {
            template = newTemplate;
            templateLock.notifyAll();
        }
    }

    public ObjectNode template() {
        synchronized (templateLock) {
            return template;
        }
    }

    public void mempool(JsonNode info) {
        mempool = info;
    }

    public void on(String method, Function<Call, Answer> handler) {
        handlers.put(method, handler);
    }

    /** Restores the default handler of getblocktemplate. */
    public void serveTemplates() {
        handlers.put("getblocktemplate", this::blockTemplate);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long count(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).count();
    }

    private Answer blockTemplate(Call call) {
        JsonNode request = call.params().path(0);
        String longPollId = request.path("longpollid").asString(null);
        synchronized (templateLock) {
            if (longPollId != null) {
                long deadline = System.currentTimeMillis() + longPollHoldMillis;
                while (longPollId.equals(template.path("longpollid").asString(null))
                        && System.currentTimeMillis() < deadline
                        && server != null) {
                    try {
                        templateLock.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            return Answer.result(template);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body = exchange.getRequestBody().readAllBytes();
            String expected = expectedAuthorization;
            if (expected != null && !expected.equals(authorization)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request = MAPPER.readTree(body);
            Call call = new Call(request.path("method").asString(""), request.path("params"), authorization);
            calls.add(call);
            Function<Call, Answer> handler = handlers.get(call.method());
            Answer answer = handler == null ? Answer.rpcError(-32601, "Method not found") : handler.apply(call);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
