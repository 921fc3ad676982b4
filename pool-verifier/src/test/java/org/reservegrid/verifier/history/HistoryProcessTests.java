package org.reservegrid.verifier.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.ServiceProcess;
import org.reservegrid.verifier.support.FakeTemplateManager;
import org.reservegrid.verifier.support.Proposals;
import org.reservegrid.verifier.support.Repo;
import org.reservegrid.verifier.support.VerifierClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar as a real process: history survives a SIGKILL (losing at most the unflushed window) and a
 * graceful stop (losing nothing); a bad policy file at start-up leaves the verifier running but not ready; the
 * API secret never reaches the log. Runs in the integration-test phase, after the jar is built.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryProcessTests {
    private static final String SECRET = "proc-secret-41c9d2e7b0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path JAR = Path.of("target/pool-verifier.jar").toAbsolutePath();

    private static Path dir;
    private static FakeTemplateManager templateManager;
    private static final List<Path> LOGS = new ArrayList<>();
    private static final Set<Long> ACKNOWLEDGED_BEFORE_KILL = new HashSet<>();
    private static long persistedAfterKill;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("pool-verifier-process");
        Repo.copyPolicy(dir.resolve("config"));
        templateManager = new FakeTemplateManager(10);
        assertThat(JAR).as("run in the integration-test phase, after package").exists();
    }

    @AfterAll
    static void tearDown() {
        templateManager.close();
    }

    /** A running verifier process with its ports. */
    private record Verifier(ServiceProcess service, int tcpPort, Http http) {
        Process process() {
            return service.process();
        }
    }

    private static Verifier start(String name, Map<String, String> extraEnv) {
        int tcpPort = FreePorts.loopback();
        int httpPort = FreePorts.loopback();
        Path log = dir.resolve(name + ".log");
        LOGS.add(log);
        Map<String, String> env = new HashMap<>();
        env.put("VELDRA_API_SECRET", SECRET);
        env.putAll(extraEnv);
        ServiceProcess service = launch(log, tcpPort, httpPort, env);
        service.awaitHealthy();
        return new Verifier(service, tcpPort, service.http());
    }

    /** The packaged jar as a process on the given ports, its output in {@code log}, config/ in {@code dir}. */
    private static ServiceProcess launch(Path log, int tcpPort, int httpPort, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("VELDRA_VERIFIER_TCP_PORT", Integer.toString(tcpPort));
        env.put("VELDRA_VERIFIER_HTTP_PORT", Integer.toString(httpPort));
        env.put("VELDRA_TEMPLATE_MANAGER_URL", templateManager.url());
        env.put("VELDRA_MEMPOOL_POLL_SECS", "0.5");
        env.putAll(extraEnv);
        ServiceProcess service = ServiceProcess.jar("pool-verifier", JAR)
                .httpPort(httpPort)
                .jvmOptions(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"))
                .workingDirectory(dir)
                .log(log)
                .environment(env)
                .build();
        service.launch();
        return service;
    }

    /** Sends {@code count} pipelined proposals and returns the verdicts by request id. */
    private static Map<Long, TemplateVerdict> judge(Verifier verifier, long firstId, int count) throws IOException {
        Map<Long, TemplateVerdict> verdicts = new HashMap<>();
        try (VerifierClient client = VerifierClient.connect(verifier.tcpPort())) {
            for (long id = firstId; id < firstId + count; id++) {
                client.send(id % 3 == 0 ? Proposals.lowFee(id) : Proposals.passing(id));
            }
            client.flush();
            for (int i = 0; i < count; i++) {
                TemplateVerdict verdict = (TemplateVerdict) client.receive();
                verdicts.put(verdict.requestId(), verdict);
            }
        }
        assertThat(verdicts).hasSize(count);
        return verdicts;
    }

    private static List<JsonNode> exported(Verifier verifier) {
        HttpResult response = verifier.http().get("/api/export/verdicts?format=jsonl");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    private static void awaitPersisted(Verifier verifier, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode history = verifier.http().get("/api/stats").json().get("history");
            if (history.get("persisted").asLong() >= expected
                    && history.get("queue_depth").asLong() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("history did not persist " + expected + " verdicts in time");
    }

    @Test
    @Order(1)
    void sigkillLosesAtMostTheUnflushedWindow() throws Exception {
        Verifier verifier =
                start("run1", Map.of("VELDRA_LOG_FORMAT", "json", "VELDRA_LOG_FILTER", "info,org.reservegrid=debug"));
        judge(verifier, 1, 300);
        awaitPersisted(verifier, 300);
        for (long id = 1; id <= 300; id++) {
            ACKNOWLEDGED_BEFORE_KILL.add(id);
        }

        judge(verifier, 301, 300);
        verifier.process().destroyForcibly();
        assertThat(verifier.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        Verifier restarted = start("run2", Map.of());
        try {
            List<JsonNode> rows = exported(restarted);
            Set<Long> ids = new HashSet<>();
            for (JsonNode row : rows) {
                ids.add(row.get("id").asLong());
                assertThat(row.get("request_id").asLong())
                        .isEqualTo(row.get("id").asLong());
                assertThat(row.get("template").get("prev_hash").asString()).isEqualTo(Proposals.PREV_HASH);
            }
            assertThat(ids).hasSize(rows.size()).containsAll(ACKNOWLEDGED_BEFORE_KILL);
            assertThat(rows.size()).isBetween(300, 600);
            persistedAfterKill = rows.size();
            JsonNode one = restarted.http().get("/api/verdicts/3").json();
            assertThat(one.get("reason_code").asString()).isEqualTo(VerdictReason.AVG_FEE_BELOW_MINIMUM.text());

            Map<Long, TemplateVerdict> more = judge(restarted, 10_001, 200);
            assertThat(more.values())
                    .allSatisfy(v -> assertThat(v.context().policyVersion()).isEqualTo(1));
            awaitPersisted(restarted, 200);
            long lastIdBeforeStop = restarted
                    .http()
                    .get("/api/stats")
                    .json()
                    .get("history")
                    .get("last_id")
                    .asLong();
            // Ids continue after the highest one that survived the kill.
            long highestSurvivor = ids.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(lastIdBeforeStop).isEqualTo(highestSurvivor + 200);

            restarted.process().destroy();
            assertThat(restarted.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            restarted.process().destroyForcibly();
        }
    }

    @Test
    @Order(2)
    void gracefulStopLosesNothingAndABadPolicyFileLeavesTheVerifierUnready() throws Exception {
        Path badPolicy = Files.writeString(dir.resolve("bad-policy.toml"), "[policy]\nmax_weight_ratio = 7\n");
        Verifier verifier = start("run3", Map.of("VELDRA_POLICY_FILE", badPolicy.toString()));
        try {
            List<JsonNode> rows = exported(verifier);
            assertThat(rows).hasSize((int) persistedAfterKill + 200);
            assertThat(rows.stream()
                            .map(row -> row.get("id").asLong())
                            .distinct()
                            .count())
                    .isEqualTo(rows.size());

            HttpResult ready = verifier.http().get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().get("checks").get("policy").get("status").asString())
                    .isEqualTo("down");
            assertThat(ready.json().get("reasons").get(0).asString()).startsWith("policy_not_loaded: ");
            assertThat(ready.body()).contains("max_weight_ratio");
            assertThat(verifier.http().get("/health").status()).isEqualTo(200);
            TemplateVerdict verdict = judge(verifier, 20_001, 1).get(20_001L);
            assertThat(verdict.reasonCode()).isEqualTo(VerdictReason.POLICY_LOAD_ERROR);
        } finally {
            verifier.process().destroy();
            verifier.process().waitFor(60, TimeUnit.SECONDS);
            verifier.process().destroyForcibly();
        }
    }

    @Test
    @Order(4)
    void aTakenTcpPortEndsTheProcessWithTheReasonInsteadOfHanging() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path log = dir.resolve("port-taken.log");
            Process process = launch(
                            log,
                            taken.getLocalPort(),
                            FreePorts.loopback(),
                            Map.of(
                                    "VELDRA_DATA_DIR",
                                    dir.resolve("port-taken-data").toString()))
                    .process();
            try {
                // Before the fix the report was printed and then the TCP event loops kept the JVM alive forever.
                assertThat(process.waitFor(90, TimeUnit.SECONDS))
                        .as("the verifier must exit; log: %s", Files.readString(log))
                        .isTrue();
            } finally {
                process.destroyForcibly();
            }
            assertThat(process.exitValue()).isNotZero();
            assertThat(Files.readString(log))
                    .contains("cannot bind the verifier TCP port 127.0.0.1:" + taken.getLocalPort())
                    .doesNotContain("\tat ");
        }
    }

    @Test
    @Order(3)
    void theApiSecretNeverReachesTheLogAndJsonLogsAreStructured() throws IOException {
        assertThat(LOGS).isNotEmpty();
        for (Path log : LOGS) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(text).as(log.toString()).isNotBlank().doesNotContain(SECRET);
        }
        List<String> jsonLines = Files.readAllLines(LOGS.getFirst()).stream()
                .filter(line -> line.startsWith("{"))
                .toList();
        assertThat(jsonLines).isNotEmpty();
        assertThat(JSON.readTree(jsonLines.getFirst()).has("@timestamp")).isTrue();
        assertThat(String.join("\n", jsonLines)).contains("verifier connection from");
    }
}
