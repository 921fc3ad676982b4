package org.reservegrid.feedserver.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.reservegrid.demofeed.simulation.FeedSimulator;
import org.reservegrid.demofeed.simulation.Scenario;
import org.reservegrid.demofeed.simulation.SimulatedFrame;
import org.reservegrid.demofeed.simulation.SimulationSettings;
import org.reservegrid.noderpc.testing.FakeNode;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.process.ServiceProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fan-out of mainnet-like templates (rg-demo-feed's {@code mainnet_like} simulator, about 4.4 MB of frame JSON) from
 * a real rg-feed-server process to many WebSocket subscribers in this JVM ({@link RawSubscribers}: one thread that
 * reads and walks frame headers, so the clients' cost is small beside the server's). The upstream is a loopback
 * JSON-RPC node (FakeNode) whose long poll answers the moment the benchmark replaces its template. Two clocks: end
 * to end starts then (the node's answer, the server's parse and single serialisation, the write to every
 * subscriber); fan-out starts when the first byte of the new frame reaches any subscriber. Both stop when the LAST
 * subscriber holds the whole frame. Every fifth frame, subscriber 0's copy is parsed (inflated first with
 * permessage-deflate) and must carry the template's {@code longpollid}. Runs twice: subscribers without and with
 * permessage-deflate. Memory: the server's heap and direct memory after a full GC (jcmd GC.run) with 0 subscribers
 * and with all of them connected and idle.
 *
 * <p>usage: FanoutBenchmark jar subscribers frames interval-ms
 */
public final class FanoutBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "bench-token-0123456789abcdef";

    private FanoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int subscribers = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        long intervalMillis = Long.parseLong(args[3]);

        System.out.printf(Locale.ROOT, "generating %d mainnet_like templates...%n", frames + 1);
        List<ObjectNode> templates = templates(frames + 1);
        FakeNode node = new FakeNode(templates.getFirst());
        node.longPollHold(TimeUnit.HOURS.toMillis(1));
        node.start();
        int port = FreePorts.loopback();
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "VELDRA_FEED_SERVER_PORT", Integer.toString(port),
                "VELDRA_BITCOIND_RPC_URL", node.url(),
                "VELDRA_FEED_SERVER_REFRESH_SECS", "3600",
                "VELDRA_FEED_SERVER_READY_MAX_AGE_SECS", "7200",
                "VELDRA_FEED_SERVER_TOKENS", TOKEN,
                "VELDRA_FEED_SERVER_MAX_CONNECTIONS", Integer.toString(subscribers + 10),
                "VELDRA_FEED_SERVER_MAX_CONNECTIONS_PER_IP", Integer.toString(subscribers + 10),
                "VELDRA_FEED_SERVER_SUBSCRIBER_BUFFER_BYTES", Long.toString(256L * 1024 * 1024)));
        // The compression level under test, when the caller sets one (the server's default otherwise).
        String level = System.getenv("VELDRA_FEED_SERVER_DEFLATE_LEVEL");
        if (level != null) {
            environment.put("VELDRA_FEED_SERVER_DEFLATE_LEVEL", level);
        }
        ServiceProcess server = ServiceProcess.jar("rg-feed-server", jar)
                .httpPort(port)
                .jvmOptions(List.of("-Xmx1g", "-XX:MaxDirectMemorySize=2g"))
                .environment(environment)
                .build();
        server.launch();
        try {
            server.awaitReady();
            Memory idle = memory(server);
            System.out.printf(Locale.ROOT, "server with 0 subscribers: %s%n", idle);
            int next = 1;
            for (boolean deflate : new boolean[] {false, true}) {
                RawSubscribers run = RawSubscribers.connect(port, TOKEN, subscribers, deflate);
                // Let every subscriber take the latest frame it gets on connecting before measuring.
                Thread.sleep(5_000);
                Memory full = memory(server);
                Histogram endToEnd = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
                Histogram fanout = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
                int checkedFrames = 0;
                for (int i = 0; i < frames; i++) {
                    ObjectNode template = templates.get(next++ % templates.size());
                    String longPollId = "bench-" + next;
                    template.put("longpollid", longPollId);
                    boolean check = i % 5 == 0;
                    long started = System.nanoTime();
                    run.expect(started, check);
                    node.template(template);
                    if (!run.awaitAll(TimeUnit.SECONDS.toNanos(60))) {
                        System.out.printf(Locale.ROOT, "frame %d: not delivered to every subscriber in 60 s%n", i);
                        continue;
                    }
                    endToEnd.recordValue(run.lastCompleteAt() - started);
                    fanout.recordValue(run.lastCompleteAt() - run.firstByteAt());
                    if (check) {
                        JsonNode frame = JSON.readTree(run.checkedMessage());
                        String got = frame.path("template").path("longpollid").asString();
                        if (!longPollId.equals(got)) {
                            throw new IllegalStateException(
                                    "subscriber 0 got longpollid " + got + ", not " + longPollId);
                        }
                        checkedFrames++;
                    }
                    Thread.sleep(intervalMillis);
                }
                String metrics = server.get("/metrics").body();
                double json = metric(metrics, "rg_feed_server_frame_bytes");
                double deflated = metric(metrics, "rg_feed_server_frame_deflated_bytes");
                System.out.printf(
                        Locale.ROOT,
                        "%s: %d subscribers, %d frames, frame %.2f MB JSON, deflated once to %.2f MB (ratio %.2f, "
                                + "%.0f ms)%n  end to end (node answers -> last subscriber holds it): p50 %.0f ms, "
                                + "p99 %.0f ms, max %.0f ms%n  fan-out (first byte at any subscriber -> last subscriber "
                                + "holds it): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n  server with %d subscribers: %s; "
                                + "per subscriber: heap %.1f KiB, direct %.1f KiB; %d frames checked at subscriber 0%n",
                        deflate ? "permessage-deflate" : "identity",
                        subscribers,
                        endToEnd.getTotalCount(),
                        json / 1e6,
                        deflated / 1e6,
                        deflated == 0 ? 0 : json / deflated,
                        metric(metrics, "rg_feed_server_frame_deflate_seconds") * 1000,
                        endToEnd.getValueAtPercentile(50) / 1e6,
                        endToEnd.getValueAtPercentile(99) / 1e6,
                        endToEnd.getMaxValue() / 1e6,
                        fanout.getValueAtPercentile(50) / 1e6,
                        fanout.getValueAtPercentile(99) / 1e6,
                        fanout.getMaxValue() / 1e6,
                        subscribers,
                        full,
                        (full.heap - idle.heap) / 1024.0 / subscribers,
                        (full.direct - idle.direct) / 1024.0 / subscribers,
                        checkedFrames);
                run.close();
                Thread.sleep(2000);
            }
        } finally {
            server.close();
            node.close();
        }
    }

    private static List<ObjectNode> templates(int count) {
        FeedSimulator simulator = new FeedSimulator(new SimulationSettings(
                Scenario.MAINNET_LIKE,
                42,
                Duration.ofSeconds(10),
                Duration.ofMinutes(10),
                SimulationSettings.BlockTiming.FIXED,
                1_750_000_000L,
                900_000));
        List<ObjectNode> templates = new ArrayList<>();
        while (templates.size() < count) {
            SimulatedFrame frame = simulator.next();
            JsonNode parsed = JSON.readTree(frame.json());
            templates.add((ObjectNode) parsed.get("template"));
        }
        return templates;
    }

    /** Server memory after a full GC: heap used, direct (Netty's count plus the JDK's direct buffers). */
    record Memory(double heap, double direct) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "heap %.1f MB, direct %.1f MB", heap / 1e6, direct / 1e6);
        }
    }

    private static Memory memory(ServiceProcess server) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        gc.waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(500);
        String metrics = server.get("/metrics").body();
        double heap = 0;
        double jdkDirect = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            if (line.startsWith("jvm_buffer_memory_used_bytes{") && line.contains("id=\"direct\"")) {
                jdkDirect += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        double netty = Math.max(0, metric(metrics, "rg_feed_server_netty_direct_memory_bytes"));
        return new Memory(heap, netty + jdkDirect);
    }

    private static double metric(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
