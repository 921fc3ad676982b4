package org.reservegrid.loadtest.sv2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.reservegrid.loadtest.LoadTestMainAccess;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.stub.StubPool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class Sv2LoadTestTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(int port, String authority, String... extra) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "sv2",
                "--port",
                String.valueOf(port),
                "--authority-pubkey",
                authority,
                "--connections",
                "12",
                "--rate",
                "300",
                "--duration",
                "0.6",
                "--warmup",
                "0.1",
                "--ramp-timeout",
                "20",
                "--drain-timeout",
                "3",
                "--json"));
        args.addAll(List.of(extra));
        return LoadTestMainAccess.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(StubPool pool, String... extra) throws InterruptedException {
        return run(pool.port(), pool.authorityPublicKey(), extra);
    }

    private JsonNode report() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonMapper.builder().build().readTree(lines[lines.length - 1]);
    }

    private String transcript() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private static String unrelatedAuthority() {
        return Sv2KeyText.encodeAuthorityPublicKey(
                Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(new SecureRandom())));
    }

    @Test
    void unqualifiedSharesAreAllAnsweredAndRejectionsCountAsAnswers() throws Exception {
        try (StubPool pool = StubPool.builder().target(Targets.DIFFICULTY_1).start()) {
            int exit = run(pool);

            JsonNode report = report();
            assertThat(exit).as(transcript()).isZero();
            assertThat(report.get("ramp").get("handshakes").asInt()).isEqualTo(12);
            assertThat(report.get("ramp").get("channels_ready").asInt()).isEqualTo(12);
            assertThat(report.get("ramp").get("handshakes_per_second").asDouble())
                    .isPositive();
            assertThat(report.get("sent").asLong()).isBetween(150L, 215L);
            assertThat(report.get("answered").asLong())
                    .isEqualTo(report.get("sent").asLong());
            assertThat(report.get("rejected_by_code").get("difficulty-too-low").asLong())
                    .isEqualTo(report.get("sent").asLong());
            assertThat(report.get("drops").asLong()).isZero();
            assertThat(report.get("ack_latency_ms").get("count").asLong()).isPositive();
            assertThat(pool.submissions()).isEqualTo(report.get("sent").asLong());
            assertThat(transcript()).contains("PASS");
        }
    }

    @Test
    void warmUpConnectionsHandshakeFirstAndStayOutOfTheMeasuredFigures() throws Exception {
        try (StubPool pool = StubPool.builder().target(Targets.DIFFICULTY_1).start()) {
            int exit = run(pool, "--warmup-connections", "5", "--duration", "0.5");

            JsonNode report = report();
            assertThat(exit).as(transcript()).isZero();
            assertThat(transcript()).contains("warm-up: 5/5 channels ready");
            assertThat(pool.handshakes()).isEqualTo(5 + 12);
            assertThat(report.get("ramp").get("handshakes").asInt()).isEqualTo(12);
            assertThat(report.get("ramp").get("handshake_ms").get("count").asLong())
                    .isEqualTo(12);
        }
    }

    @Test
    void aNegativeWarmUpIsBadUsage() throws Exception {
        assertThat(run(3333, unrelatedAuthority(), "--warmup-connections", "-1"))
                .isEqualTo(2);
        assertThat(transcript()).contains("--warmup-connections must not be negative");
    }

    @Test
    void validSharesAtAnEasyTargetAreAllAccepted() throws Exception {
        try (StubPool pool = StubPool.builder().targetForSharesPerMinute(600).start()) {
            int exit = run(pool, "--shares", "valid", "--hashrate", "100");

            JsonNode report = report();
            assertThat(exit).as(transcript()).isZero();
            assertThat(report.get("accepted").asLong())
                    .isEqualTo(report.get("sent").asLong());
            assertThat(report.get("rejected").asLong()).isZero();
            assertThat(pool.judged()).extracting(StubPool.Judged::outcome).containsOnly("accepted");
        }
    }

    @Test
    void batchedSuccessesAcknowledgeEverySharesTheyCover() throws Exception {
        try (StubPool pool = StubPool.builder().ackBatchSize(4).start()) {
            int exit = run(pool, "--connections", "3", "--drain-timeout", "0.5");

            JsonNode report = report();
            long accepted = report.get("accepted").asLong();
            assertThat(accepted).isPositive();
            assertThat(report.get("success_messages").asLong() * 4).isEqualTo(accepted);
            assertThat(accepted + report.get("drops").asLong())
                    .isEqualTo(report.get("sent").asLong());
            assertThat(report.get("drops").asLong()).isLessThanOrEqualTo(3 * 3);
            assertThat(report.get("errors_by_kind").has("ack_count_mismatch")).isFalse();
            assertThat(exit).isEqualTo(report.get("drops").asLong() == 0 ? 0 : 1);
        }
    }

    @Test
    void aNewChainTipIsTimedAcrossEveryChannel() throws Exception {
        try (StubPool pool = StubPool.builder().start()) {
            CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(pool, "--duration", "1.5");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            });
            while (pool.submissions() < 20 && !load.isDone()) {
                Thread.sleep(10);
            }
            pool.newBlock();

            assertThat(load.get()).as(transcript()).isZero();
            JsonNode fanOut = report().get("fan_out");
            assertThat(fanOut.get("tips").size()).isEqualTo(1);
            assertThat(fanOut.get("tips").get(0).get("channels").asInt()).isEqualTo(12);
            assertThat(fanOut.get("tips").get(0).get("during_ramp").asBoolean()).isFalse();
            assertThat(fanOut.get("delay_after_first_ms").get("count").asLong()).isEqualTo(12);
        }
    }

    @Test
    void theGatewaysResidentMemoryIsReadFromProc() throws Exception {
        try (StubPool pool = StubPool.builder().start()) {
            long ownPid = ProcessHandle.current().pid();

            int exit = run(pool, "--rate", "0", "--gateway-pid", Long.toString(ownPid));

            assertThat(exit).as(transcript()).isZero();
            JsonNode memory = report().get("gateway_rss");
            assertThat(memory.get("end_kib").asLong()).isPositive();
            assertThat(memory.get("peak_kib").asLong())
                    .isGreaterThanOrEqualTo(memory.get("end_kib").asLong());
            assertThat(transcript()).contains("gateway memory (VmRSS)");
        }
    }

    @Test
    void aGatewayCertifiedByAnotherAuthorityFailsEveryHandshake() throws Exception {
        try (StubPool pool = StubPool.builder().start()) {
            int exit = run(pool.port(), unrelatedAuthority());

            assertThat(exit).isEqualTo(1);
            JsonNode report = report();
            assertThat(report.get("ramp").get("channels_ready").asInt()).isZero();
            assertThat(report.get("errors_by_kind")
                            .get("handshake_failed: noise_handshake_failed")
                            .asInt())
                    .isEqualTo(12);
            assertThat(report.get("sent").asLong()).isZero();
        }
    }

    @Test
    void anUnreachableGatewayFailsWithConnectErrors() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = run(port, unrelatedAuthority(), "--connections", "3");

        assertThat(exit).isEqualTo(1);
        JsonNode errors = report().get("errors_by_kind");
        assertThat(errors.propertyNames()).allMatch(kind -> kind.startsWith("connect_failed"));
        assertThat(report().get("errors").asInt()).isEqualTo(3);
    }

    @Test
    void badUsageExitsWithTwo() throws Exception {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(LoadTestMainAccess.run(List.of("sv2"), stdout, stderr)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--authority-pubkey is required");
        assertThat(LoadTestMainAccess.run(
                        List.of("sv2", "--authority-pubkey", unrelatedAuthority(), "--shares", "many"), stdout, stderr))
                .isEqualTo(2);
    }

    @Test
    void everyMinersFirstNonceFitsInAU32() {
        assertThat(SimulatedMiner.initialNonce(0)).isZero();
        assertThat(SimulatedMiner.initialNonce(4_095)).isEqualTo(4_095L << 20);
        assertThat(SimulatedMiner.initialNonce(4_096)).isZero();
        assertThat(SimulatedMiner.initialNonce(99_999)).isBetween(0L, 0xFFFF_FFFFL);
    }

    @Test
    void procStatusFieldsAreReadInKibibytes() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t12\n";

        assertThat(GatewayMemory.field(status, "VmRSS:")).hasValue(102_400);
        assertThat(GatewayMemory.field(status, "VmHWM:")).hasValue(204_800);
        assertThat(GatewayMemory.field(status, "VmSwap:")).isEmpty();
    }
}
