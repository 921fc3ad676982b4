package org.reservegrid.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * template-manager's two endpoints the gateway uses, on a real loopback HTTP server: {@code GET
 * /api/templates/stream} (server-sent events, the newest template replayed to each new subscriber, like the real
 * hub) and {@code POST /api/submit-block} (bodies recorded, the answer configurable).
 */
public final class StubTemplateManager implements AutoCloseable {
    private final HttpServer server;
    private final List<OutputStream> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> history = new ArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> submissions = new LinkedBlockingQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int submitStatus = 200;
    private volatile String submitAnswer =
            "{\"result\":\"accepted\",\"accepted\":true,\"reason\":null,\"node_answer\":null}";
    private volatile int streamConnections;
    private @Nullable String latestTemplateEvent;

    public StubTemplateManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).factory()));
        server.createContext("/api/templates/stream", this::stream);
        server.createContext("/api/submit-block", this::submit);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void stream(HttpExchange exchange) throws IOException {
        streamConnections++;
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        lastEventIds.add(lastEventId == null ? "" : lastEventId);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        synchronized (this) {
            out.write(": stub stream\n\n".getBytes(StandardCharsets.UTF_8));
            if (latestTemplateEvent != null) {
                out.write(latestTemplateEvent.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            subscribers.add(out);
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscribers.remove(out);
            exchange.close();
        }
    }

    private void submit(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        submissions.add(body);
        byte[] answer = submitAnswer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(submitStatus, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    public synchronized void publishTemplate(long sequence, String json) {
        String event = "id: " + sequence + "\nevent: template\ndata: " + json + "\n\n";
        latestTemplateEvent = event;
        history.add(event);
        broadcast(event);
    }

    public synchronized void publishVerdict(long sequence, String json) {
        broadcast("id: " + sequence + "-v\nevent: verdict\ndata: " + json + "\n\n");
    }

    private void broadcast(String event) {
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        for (OutputStream out : subscribers) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                subscribers.remove(out);
            }
        }
    }

    /** Ends every open stream (the chunked response completes), as a restarting template-manager would. */
    public void dropSubscribers() {
        for (OutputStream out : subscribers) {
            subscribers.remove(out);
            try {
                out.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }

    /** The Last-Event-ID header of every stream request so far ("" when absent). */
    public List<String> lastEventIds() {
        return List.copyOf(lastEventIds);
    }

    public void answerSubmitWith(int status, String json) {
        submitStatus = status;
        submitAnswer = json;
    }

    /** The next submit-block body within {@code seconds}, or null. */
    public @Nullable String nextSubmission(long seconds) throws InterruptedException {
        return submissions.poll(seconds, TimeUnit.SECONDS);
    }

    public int streamConnections() {
        return streamConnections;
    }

    public int subscribers() {
        return subscribers.size();
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
    }
}
