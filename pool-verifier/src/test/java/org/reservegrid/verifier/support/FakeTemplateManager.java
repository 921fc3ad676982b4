package org.reservegrid.verifier.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** A real HTTP server on loopback that answers {@code GET /api/mempool} like template-manager. */
public final class FakeTemplateManager implements AutoCloseable {
    private final HttpServer server;
    private final AtomicLong txCount = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    public FakeTemplateManager(long initialTxCount) throws IOException {
        txCount.set(initialTxCount);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/api/mempool", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("{\"size\":" + txCount.get() + ",\"bytes\":123456}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void setTxCount(long count) {
        txCount.set(count);
    }

    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
