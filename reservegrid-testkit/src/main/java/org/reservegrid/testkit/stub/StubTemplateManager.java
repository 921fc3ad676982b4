package org.reservegrid.testkit.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reservegrid.bitcoin.BlockHeader;
import org.reservegrid.bitcoin.DisplayHex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two template-manager endpoints sv2-gateway uses, on a loopback HTTP server: {@code GET /api/templates/stream}
 * (server-sent events in template-manager's shape, the newest template replayed to each new subscriber, like the
 * real hub) and {@code POST /api/submit-block} (every body recorded).
 *
 * <p>Two ways to drive it. {@link #StubTemplateManager()} publishes only what the test gives it ({@link
 * #publishTemplate}, {@link #publishVerdict}) and answers submissions as configured ({@link #answerSubmitWith}).
 * {@link #chain(String)} plays a node's chain: it publishes an empty template on a random tip, moves the chain on
 * when a submitted block builds on the current tip (the next template builds on its hash; answered {@code
 * accepted}), answers {@code inconclusive} for a competing block on an older tip, and like template-manager sends a
 * {@code :heartbeat} comment every 15 s.
 */
public final class StubTemplateManager implements AutoCloseable {

    /** Regtest's minimum difficulty: about every second hash is a block. */
    public static final String REGTEST_BITS = "207fffff";

    /** Difficulty 1: no CPU test share is ever a block. */
    public static final String HARD_BITS = "1d00ffff";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String ACCEPTED =
            "{\"result\":\"accepted\",\"accepted\":true,\"reason\":null,\"node_answer\":null}";
    private static final String INCONCLUSIVE = "{\"result\":\"inconclusive\",\"accepted\":false,"
            + "\"reason\":\"inconclusive\",\"node_answer\":\"inconclusive\"}";

    private final HttpServer server;
    private final @Nullable String chainBits;
    private final List<OutputStream> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> submissions = new LinkedBlockingQueue<>();
    private final List<String> submittedBlockHashes = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicInteger streamConnections = new AtomicInteger();
    private final @Nullable ScheduledExecutorService heartbeats;
    private volatile int submitStatus = 200;
    private volatile String submitAnswer = ACCEPTED;
    private @Nullable String latestTemplateEvent;
    private long chainSequence;
    private long chainHeight = 100;
    private String tipDisplayHex = "";

    /** A stub that publishes what the test gives it and answers every submission {@code accepted}. */
    public StubTemplateManager() throws IOException {
        this(null);
    }

    /**
     * A stub playing a chain at {@code bits} (see {@link #REGTEST_BITS}, {@link #HARD_BITS}), its first template
     * already published.
     */
    public static StubTemplateManager chain(String bits) throws IOException {
        return new StubTemplateManager(bits);
    }

    private StubTemplateManager(@Nullable String chainBits) throws IOException {
        this.chainBits = chainBits;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(Thread.ofPlatform().daemon(true).factory()));
        server.createContext("/api/templates/stream", this::stream);
        server.createContext("/api/submit-block", this::submit);
        server.start();
        if (chainBits == null) {
            heartbeats = null;
        } else {
            newRandomTip();
            heartbeats = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon(true).factory());
            heartbeats.scheduleAtFixedRate(() -> broadcast(":heartbeat\n\n"), 15, 15, TimeUnit.SECONDS);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Publishes a template event (replayed to later subscribers). */
    public synchronized void publishTemplate(long sequence, String json) {
        String event = "id: " + sequence + "\nevent: template\ndata: " + json + "\n\n";
        latestTemplateEvent = event;
        broadcast(event);
    }

    public synchronized void publishVerdict(long sequence, String json) {
        broadcast("id: " + sequence + "-v\nevent: verdict\ndata: " + json + "\n\n");
    }

    /** Chain mode: publishes an empty template on a new chain tip (a block found elsewhere). */
    public synchronized void newTip(String prevHashDisplayHex) {
        if (chainBits == null) {
            throw new IllegalStateException("newTip needs a chain: StubTemplateManager.chain(bits)");
        }
        chainSequence++;
        chainHeight++;
        ObjectNode template = MAPPER.createObjectNode();
        template.put("sequence", chainSequence);
        template.put("source", "test");
        template.put("height", chainHeight);
        template.put("prev_hash", prevHashDisplayHex);
        template.put("version", 0x2000_0000L);
        template.put("bits", chainBits);
        template.put("target", "00".repeat(32));
        template.put("curtime", System.currentTimeMillis() / 1000);
        template.put("coinbase_value", 5_000_000_000L);
        ObjectNode commitment = template.putObject("default_witness_commitment");
        commitment.put("form", "absent");
        commitment.putNull("given");
        commitment.putNull("script");
        template.putArray("transactions");
        tipDisplayHex = prevHashDisplayHex;
        publishTemplate(chainSequence, template.toString());
    }

    /** Chain mode: a template on a fresh random tip. */
    public void newRandomTip() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        newTip(HexFormat.of().formatHex(bytes));
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

    /** Outside chain mode: the status and JSON every submission is answered with. */
    public void answerSubmitWith(int status, String json) {
        submitStatus = status;
        submitAnswer = json;
    }

    /** The next submit-block body within {@code seconds}, or null. */
    public @Nullable String nextSubmission(long seconds) throws InterruptedException {
        return submissions.poll(seconds, TimeUnit.SECONDS);
    }

    /** Chain mode: display-order hashes of the blocks submitted, in order. */
    public List<String> submittedBlockHashes() {
        return List.copyOf(submittedBlockHashes);
    }

    public int streamConnections() {
        return streamConnections.get();
    }

    public int subscribers() {
        return subscribers.size();
    }

    private void stream(HttpExchange exchange) throws IOException {
        streamConnections.incrementAndGet();
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
        int status = submitStatus;
        String answer = submitAnswer;
        if (chainBits != null) {
            try {
                JsonNode request = MAPPER.readTree(body);
                byte[] block = HexFormat.of().parseHex(request.get("hex").asString());
                BlockHeader header = BlockHeader.read(ByteBuffer.wrap(block));
                String hash = DisplayHex.format(header.hash());
                String parent = DisplayHex.format(header.previousBlockHash());
                submittedBlockHashes.add(hash);
                status = 200;
                answer = extendTip(parent, hash) ? ACCEPTED : INCONCLUSIVE;
            } catch (RuntimeException e) {
                status = 400;
                answer = "{\"error\":\"bad_request\",\"message\":\"not a block\"}";
            }
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

    @Override
    public void close() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        stopped.countDown();
        server.stop(0);
    }
}
