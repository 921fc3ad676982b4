package org.reservegrid.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reservegrid.common.reason.GatewayReason;
import org.reservegrid.protocol.message.ProtocolError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LoadTestMainTests {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(int port, String... extra) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "verifier",
                "--port",
                String.valueOf(port),
                "--connections",
                "4",
                "--rate",
                "200",
                "--duration",
                "1",
                "--warmup",
                "0.2",
                "--tx-count",
                "50",
                "--drain-timeout",
                "1",
                "--json"));
        args.addAll(List.of(extra));
        return LoadTestMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode lastLineJson() {
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JsonMapper.builder().build().readTree(lines[lines.length - 1]);
    }

    @Test
    void aVerifierThatAnswersEveryProposalPassesWithLatencyPercentiles() throws Exception {
        try (StubVerifier verifier = new StubVerifier(StubVerifier::accept)) {
            int exit = run(verifier.port());

            JsonNode report = lastLineJson();
            assertThat(exit).isZero();
            assertThat(report.get("sent").asLong()).isBetween(230L, 250L);
            assertThat(report.get("answered").asLong())
                    .isEqualTo(report.get("sent").asLong());
            assertThat(report.get("drops").asLong()).isZero();
            assertThat(report.get("errors").asLong()).isZero();
            assertThat(report.get("latency_ms").get("p99").asDouble()).isPositive();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("PASS");
        }
    }

    @Test
    void proposalsWithoutAVerdictAreCountedAsDropsAndFailTheRun() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (StubVerifier verifier =
                new StubVerifier(propose -> seen.incrementAndGet() % 10 == 0 ? null : StubVerifier.accept(propose))) {
            int exit = run(verifier.port());

            JsonNode report = lastLineJson();
            assertThat(exit).isEqualTo(1);
            assertThat(report.get("drops").asLong()).isEqualTo(seen.get() / 10);
            assertThat(report.get("passed").asBoolean()).isFalse();
        }
    }

    @Test
    void protocolErrorsFromTheVerifierAreCountedByReason() throws Exception {
        try (StubVerifier verifier = new StubVerifier(propose -> propose.requestId() == 3
                ? new ProtocolError(3, GatewayReason.FRAME_DECODE_ERROR, "test")
                : StubVerifier.accept(propose))) {
            int exit = run(verifier.port());

            JsonNode report = lastLineJson();
            assertThat(exit).isEqualTo(1);
            assertThat(report.get("errors_by_kind")
                            .get("protocol_error: frame_decode_error")
                            .asLong())
                    .isEqualTo(1);
            assertThat(report.get("drops").asLong()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableVerifierFailsWithAConnectError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = run(port);

        assertThat(exit).isEqualTo(1);
        assertThat(lastLineJson()
                        .get("errors_by_kind")
                        .propertyNames()
                        .iterator()
                        .next())
                .startsWith("connect_failed");
    }

    @Test
    void badUsageExitsWithTwoAndPrintsUsage() throws Exception {
        assertThat(LoadTestMain.run(
                        List.of("verifier", "--rate", "fast"),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: rg-load-test");
        assertThat(LoadTestMain.run(
                        List.of("gateway"),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(2);
    }
}
