package org.reservegrid.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.loadtest.LoadTestMainAccess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The http mode against a real HTTP server on loopback (the JDK's), answering as each test needs. */
class HttpLoadTestTests {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Queue<String> seen = new ConcurrentLinkedQueue<>();
    private HttpServer server;

    /** How the stub answers one exchange. */
    private interface Answer {
        void answer(HttpExchange exchange, int index) throws IOException, InterruptedException;
    }

    private int start(Answer answer) throws IOException {
        AtomicInteger count = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(body, StandardCharsets.UTF_8));
                answer.answer(exchange, count.getAndIncrement());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private int run(int port, String... extra) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "http",
                "--url",
                "http://127.0.0.1:" + port + "/api/auth/me",
                "--rate",
                "200",
                "--duration",
                "1",
                "--warmup",
                "0.2",
                // Enough connections that a cold JVM's first slow responses do not leave all of them busy.
                "--connections",
                "64",
                "--timeout",
                "2",
                "--json"));
        args.addAll(List.of(extra));
        return LoadTestMainAccess.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private JsonNode report() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonMapper.builder().build().readTree(lines[lines.length - 1]);
    }

    @Test
    void aServerThatAnswersEveryRequestPassesWithStatusCountsAndLatency() throws Exception {
        int port = start((exchange, index) -> respond(exchange, 200, "{\"ok\":true}"));

        int exit = run(
                port,
                "--header",
                "Authorization: Bearer secret-token",
                "--server-pid",
                Long.toString(ProcessHandle.current().pid()));

        JsonNode report = report();
        assertThat(exit).as(report.toString()).isZero();
        // 200/s: 40 warm-up requests due in the first 0.2 s, then 200 measured ones.
        assertThat(report.get("scheduled").asLong()).isEqualTo(200);
        assertThat(report.get("sent").asLong() + report.get("not_sent_busy").asLong())
                .isEqualTo(200);
        assertThat(report.get("not_sent_busy").asLong()).isZero();
        assertThat(report.get("status_counts").get("200").asLong()).isEqualTo(200);
        assertThat(report.get("completed").asLong()).isEqualTo(200);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("latency_ms").get("p99").asDouble()).isPositive();
        assertThat(report.get("latency_ms").get("max").asDouble())
                .isGreaterThanOrEqualTo(report.get("latency_ms").get("p50").asDouble());
        assertThat(report.get("latency_ms_by_status").get("200").get("p50").asDouble())
                .isPositive();
        assertThat(report.get("passed").asBoolean()).isTrue();
        // The "server" is this very process here: its CPU and memory are reported, as is the generator's own CPU.
        assertThat(report.get("server").get("cpu_seconds").asDouble()).isPositive();
        assertThat(report.get("server").get("peak_rss_mib").asDouble()).isPositive();
        assertThat(report.get("generator").get("cpu_seconds").asDouble()).isPositive();
        // 40 warm-up requests were due as well; under load a few of them can find every connection busy.
        assertThat(seen)
                .hasSize((int) (report.get("warmup_sent").asLong() + 200))
                .allMatch(line -> line.equals("GET /api/auth/me Bearer secret-token "));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("PASS");
    }

    @Test
    void theMethodAndBodyAreSentAndEveryStatusIsCountedApartWithoutBeingAnError() throws Exception {
        int port = start((exchange, index) -> {
            if (index % 4 == 3) {
                respond(exchange, 503, "{\"error\":\"busy\"}");
            } else {
                respond(exchange, 200, "{}");
            }
        });

        int exit = run(port, "--method", "POST", "--body", "{\"email\":\"a@example.org\"}", "--warmup", "0");

        JsonNode report = report();
        assertThat(exit).as(report.toString()).isZero();
        long ok = report.get("status_counts").get("200").asLong();
        long busy = report.get("status_counts").get("503").asLong();
        assertThat(ok + busy).isEqualTo(200);
        assertThat(busy).isEqualTo(50);
        assertThat(report.get("latency_ms_by_status").get("503").get("p99").asDouble())
                .isPositive();
        assertThat(report.get("success_rate").asDouble())
                .isLessThan(report.get("achieved_rate").asDouble());
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(seen)
                .hasSize(200)
                .allMatch(line -> line.equals("POST /api/auth/me null {\"email\":\"a@example.org\"}"));
    }

    @Test
    void headRequestsCompleteWithoutWaitingForABody() throws Exception {
        int port = start((exchange, index) -> {
            exchange.getResponseHeaders().set("Content-Length", "11");
            exchange.sendResponseHeaders(200, -1);
        });

        int exit = run(port, "--method", "HEAD", "--timeout", "1");

        JsonNode report = report();
        assertThat(exit).as(report.toString()).isZero();
        assertThat(report.get("status_counts").get("200").asLong()).isEqualTo(200);
        assertThat(seen).allMatch(line -> line.startsWith("HEAD /api/auth/me"));
    }

    @Test
    void requestsDueWhileEveryConnectionIsBusyAreCountedAsNotSentAndFailTheRun() throws Exception {
        // The first request is not answered before its 3 s timeout, so the one connection stays busy for the
        // whole 1 s run.
        int port = start((exchange, index) -> {
            if (index == 0) {
                release.await();
            }
            respond(exchange, 200, "{}");
        });

        int exit = run(port, "--connections", "1", "--warmup", "0", "--timeout", "3");

        JsonNode report = report();
        assertThat(exit).as(report.toString()).isEqualTo(1);
        assertThat(report.get("sent").asLong()).isEqualTo(1);
        assertThat(report.get("not_sent_busy").asLong()).isEqualTo(199);
        assertThat(report.get("errors_by_kind").get("timeout").asLong()).isEqualTo(1);
        assertThat(report.get("passed").asBoolean()).isFalse();
    }

    @Test
    void aRequestWithoutAnAnswerTimesOutAndItsConnectionIsReplaced() throws Exception {
        int port = start((exchange, index) -> {
            if (index == 50) {
                release.await();
            }
            respond(exchange, 200, "{}");
        });

        int exit = run(port, "--timeout", "0.3", "--warmup", "0");

        JsonNode report = report();
        assertThat(exit).as(report.toString()).isEqualTo(1);
        assertThat(report.get("errors_by_kind").get("timeout").asLong()).isEqualTo(1);
        assertThat(report.get("reconnects").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(report.get("status_counts").get("200").asLong())
                .isEqualTo(report.get("sent").asLong() - 1);
    }

    @Test
    void aServerThatClosesEachConnectionAfterItsResponseGetsNewConnectionsAndNoErrors() throws Exception {
        int port = start((exchange, index) -> {
            exchange.getResponseHeaders().set("Connection", "close");
            respond(exchange, 200, "{}");
        });

        int exit = run(port, "--rate", "50");

        JsonNode report = report();
        assertThat(report.get("errors").asLong()).as(report.toString()).isZero();
        assertThat(report.get("reconnects").asLong()).isPositive();
        assertThat(report.get("status_counts").get("200").asLong())
                .isEqualTo(report.get("sent").asLong());
        assertThat(exit).isEqualTo(report.get("not_sent_busy").asLong() == 0 ? 0 : 1);
    }

    @Test
    void anUnreachableServerFailsWithAConnectError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = run(port);

        JsonNode report = report();
        assertThat(exit).as(report.toString()).isEqualTo(1);
        assertThat(report.get("sent").asLong()).isZero();
        assertThat(report.get("errors_by_kind").propertyNames().iterator().next())
                .startsWith("connect_failed");
    }
}
