package org.reservegrid.testminer.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.reservegrid.bitcoin.BlockHeader;
import org.reservegrid.bitcoin.DisplayHex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two template-manager endpoints sv2-gateway uses, on a loopback HTTP server: {@code GET /api/templates/stream}
 * (server-sent {@code template} events in template-manager's shape; the newest is replayed to a new subscriber) and
 * {@code POST /api/submit-block}, which, like a node, moves the chain on when a block builds on the current tip (the
 * next template builds on its hash) and answers {@code inconclusive} for a competing block on an older tip. Like template-manager, it sends a {@code :heartbeat} comment every 15 s.
 */
public final class StubTemplateManager implements AutoCloseable {

    /** Regtest's minimum difficulty: about every second hash is a block. */
    public static final String REGTEST_BITS = "207fffff";

    /** Difficulty 1: no CPU test share is ever a block. */
    public static final String HARD_BITS = "1d00ffff";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final HttpServer server;
    private final String bits;
    private final List<OutputStream> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> submittedBlockHashes = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger streamConnections = new AtomicInteger();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).factory());
    private long sequence;
    private long height = 100;
    private String latestEvent = "";
    private String tipDisplayHex = "";

    /** A chain at {@code bits} (see {@link #REGTEST_BITS}, {@link #HARD_BITS}) with a first template published. */
    public StubTemplateManager(String bits) throws IOException {
        this.bits = bits;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).factory()));
        server.createContext("/api/templates/stream", this::stream);
        server.createContext("/api/submit-block", this::submit);
        server.start();
        newTip(HexFormat.of().formatHex(randomBytes()));
        heartbeats.scheduleAtFixedRate(() -> broadcast(":heartbeat\n\n"), 15, 15, TimeUnit.SECONDS);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Display-order hashes of the blocks the gateway submitted, in order. */
    public List<String> submittedBlockHashes() {
        return List.copyOf(submittedBlockHashes);
    }

    public int streamConnections() {
        return streamConnections.get();
    }

    /** Publishes a template on a new chain tip (a block found elsewhere). */
    public synchronized void newTip(String prevHashDisplayHex) {
        sequence++;
        height++;
        ObjectNode template = MAPPER.createObjectNode();
        template.put("sequence", sequence);
        template.put("source", "test");
        template.put("height", height);
        template.put("prev_hash", prevHashDisplayHex);
        template.put("version", 0x2000_0000L);
        template.put("bits", bits);
        template.put("target", "00".repeat(32));
        template.put("curtime", System.currentTimeMillis() / 1000);
        template.put("coinbase_value", 5_000_000_000L);
        ObjectNode commitment = template.putObject("default_witness_commitment");
        commitment.put("form", "absent");
        commitment.putNull("given");
        commitment.putNull("script");
        template.putArray("transactions");
        tipDisplayHex = prevHashDisplayHex;
        latestEvent = "id: " + sequence + "\nevent: template\ndata: " + template + "\n\n";
        broadcast(latestEvent);
    }

    private synchronized void broadcast(String event) {
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

    /** A template on a fresh random tip. */
    public void newRandomTip() {
        newTip(HexFormat.of().formatHex(randomBytes()));
    }

    private void stream(HttpExchange exchange) throws IOException {
        streamConnections.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        synchronized (this) {
            out.write((": stub stream\n\n" + latestEvent).getBytes(StandardCharsets.UTF_8));
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
        String answer;
        int status;
        try {
            JsonNode request = MAPPER.readTree(body);
            byte[] block = HexFormat.of().parseHex(request.get("hex").asString());
            BlockHeader header = BlockHeader.read(ByteBuffer.wrap(block));
            String hash = DisplayHex.format(header.hash());
            String parent = DisplayHex.format(header.previousBlockHash());
            submittedBlockHashes.add(hash);
            status = 200;
            if (extendTip(parent, hash)) {
                answer = "{\"result\":\"accepted\",\"accepted\":true,\"reason\":null,\"node_answer\":null}";
            } else {
                answer = "{\"result\":\"inconclusive\",\"accepted\":false,\"reason\":\"inconclusive\","
                        + "\"node_answer\":\"inconclusive\"}";
            }
        } catch (RuntimeException e) {
            status = 400;
            answer = "{\"error\":\"bad_request\",\"message\":\"not a block\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A block on the current tip becomes the new tip; one on an older tip only competes. */
    private synchronized boolean extendTip(String parentDisplayHex, String hashDisplayHex) {
        if (!parentDisplayHex.equals(tipDisplayHex)) {
            return false;
        }
        newTip(hashDisplayHex);
        return true;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        stopped.countDown();
        server.stop(0);
    }
}
