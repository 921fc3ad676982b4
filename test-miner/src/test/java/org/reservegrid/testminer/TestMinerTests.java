package org.reservegrid.testminer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.Secp256k1;
import org.reservegrid.sv2.crypto.Sv2KeyText;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.stub.StubPool;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TestMinerTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(int port, String authority, String... extra) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                String.valueOf(port),
                "--authority-pubkey",
                authority,
                "--interval-secs",
                "0.05",
                "--job-timeout-secs",
                "20",
                "--ack-timeout-secs",
                "5",
                "--json"));
        args.addAll(List.of(extra));
        return TestMinerMain.run(
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

    @Test
    void groundSharesMeetTheChannelTargetAndEveryOneIsAccepted() throws Exception {
        // 10,000 h/s at 60 shares a minute: about 10,000 hashes per share.
        try (StubPool pool = StubPool.builder().targetForSharesPerMinute(60).start()) {
            int exit = run(pool, "--shares", "4", "--hashrate", "10000");

            assertThat(exit).as(transcript()).isZero();
            JsonNode report = report();
            assertThat(report.get("passed").asBoolean()).isTrue();
            assertThat(report.get("submitted").asInt()).isEqualTo(4);
            assertThat(report.get("accepted").asInt()).isEqualTo(4);
            assertThat(report.get("success_messages").asInt()).isEqualTo(4);
            assertThat(report.get("hashes").asLong()).isPositive();
            assertThat(report.get("target_difficulty").asDouble())
                    .isCloseTo(
                            Targets.difficulty(Targets.forHashrate(10_000, 60)),
                            org.assertj.core.data.Percentage.withPercentage(0.1));
            assertThat(pool.judged())
                    .extracting(StubPool.Judged::outcome)
                    .containsOnly("accepted")
                    .hasSize(4);
            assertThat(transcript()).contains("PASS: every share was accepted");
        }
    }

    @Test
    void batchedAcknowledgementsAreCountedShareByShare() throws Exception {
        try (StubPool pool = StubPool.builder().ackBatchSize(3).start()) {
            int exit = run(pool, "--shares", "6");

            assertThat(exit).as(transcript()).isZero();
            JsonNode report = report();
            assertThat(report.get("accepted").asInt()).isEqualTo(6);
            assertThat(report.get("success_messages").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aBatchThatNeverFillsLeavesSharesUnansweredAndFails() throws Exception {
        try (StubPool pool = StubPool.builder().ackBatchSize(10).start()) {
            int exit = run(pool, "--shares", "2", "--ack-timeout-secs", "0.3");

            assertThat(exit).isEqualTo(1);
            JsonNode report = report();
            assertThat(report.get("unanswered").size()).isEqualTo(2);
            assertThat(report.get("reason").asString()).contains("never answered", "share_batch_size");
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("FAILED 2 shares never answered");
        }
    }

    @Test
    void randomNoncesAtAHardTargetAreRejectedAndCountedBySequenceNumber() throws Exception {
        U256 difficultyOne = Targets.DIFFICULTY_1;
        try (StubPool pool = StubPool.builder().target(difficultyOne).start()) {
            int exit = run(pool, "--shares", "3", "--random-nonces");

            assertThat(exit).isEqualTo(1);
            JsonNode report = report();
            assertThat(report.get("random_nonces").asBoolean()).isTrue();
            assertThat(report.get("accepted").asInt()).isZero();
            assertThat(report.get("rejected").properties())
                    .extracting(entry -> entry.getKey() + "=" + entry.getValue().asString())
                    .containsExactly("1=difficulty-too-low", "2=difficulty-too-low", "3=difficulty-too-low");
            assertThat(report.get("reason").asString()).contains("3 of 3 shares rejected");
            assertThat(report.get("hashes").asLong()).isZero();
        }
    }

    @Test
    void aGatewayCertifiedByAnotherAuthorityIsRefusedAtTheHandshake() throws Exception {
        String otherAuthority = Sv2KeyText.encodeAuthorityPublicKey(
                Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(new SecureRandom())));
        try (StubPool pool = StubPool.builder().start()) {
            int exit = run(pool.port(), otherAuthority, "--shares", "1");

            assertThat(exit).isEqualTo(1);
            assertThat(report().get("reason").asString()).startsWith("handshake:");
            assertThat(pool.openChannels()).isZero();
        }
    }

    @Test
    void noJobWithinTheJobTimeoutEndsTheRunInsteadOfHanging() throws Exception {
        try (StubPool pool = StubPool.builder().withoutJobs().start()) {
            int exit = run(pool, "--job-timeout-secs", "0.5");

            assertThat(exit).isEqualTo(1);
            assertThat(report().get("reason").asString())
                    .startsWith("job: timed out after 500 ms waiting for a job and a chain tip");
        }
    }

    @Test
    void aRefusedChannelEndsTheRunWithThePoolsErrorCode() throws Exception {
        try (StubPool pool = StubPool.builder().refuseChannels("unknown-user").start()) {
            int exit = run(pool);

            assertThat(exit).isEqualTo(1);
            assertThat(report().get("reason").asString()).isEqualTo("open-channel: refused with unknown-user");
        }
    }

    @Test
    void aTargetTooHardForTheCpuFailsAfterTheJobTimeoutWithTheArithmetic() throws Exception {
        U256 hard = U256.fromBigInteger(BigInteger.ONE.shiftLeft(200));
        try (StubPool pool = StubPool.builder().target(hard).start()) {
            int exit = run(pool, "--job-timeout-secs", "0.3", "--shares", "1");

            assertThat(exit).isEqualTo(1);
            assertThat(report().get("reason").asString())
                    .startsWith("grind: no nonce met the channel target")
                    .contains("--hashrate");
        }
    }

    @Test
    void sharesAfterANewChainTipAreGroundOnTheNewJob() throws Exception {
        try (StubPool pool = StubPool.builder().start()) {
            CompletableFuture<Integer> miner = CompletableFuture.supplyAsync(() -> {
                try {
                    return run(pool, "--shares", "4", "--interval-secs", "0.4");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            });
            while (pool.submissions() < 1 && !miner.isDone()) {
                Thread.sleep(10);
            }
            pool.newBlock();

            assertThat(miner.get()).as(transcript()).isZero();
            assertThat(pool.judged())
                    .extracting(StubPool.Judged::outcome)
                    .containsOnly("accepted")
                    .hasSize(4);
            assertThat(transcript()).contains("activates job 2");
        }
    }

    @Test
    void sharesCrossedByANewTipOnTheWireAreReplacedNotCountedAsRejects() throws Exception {
        // Like regtest, where every share is also a block: each accepted share moves the pool to a new tip.
        try (StubPool pool = StubPool.builder().newBlockOnEveryAcceptedShare().start()) {
            int exit = run(pool, "--shares", "5", "--interval-secs", "0.3");

            assertThat(exit).as(transcript()).isZero();
            JsonNode report = report();
            assertThat(report.get("accepted").asInt()).isEqualTo(5);
            assertThat(report.get("submitted").asInt())
                    .isEqualTo(5 + report.get("stale_in_flight").size());
            assertThat(pool.judged()).extracting(StubPool.Judged::outcome).isSubsetOf("accepted", "stale-share");
        }
    }

    @Test
    void anUnreachableGatewayFailsWithTheConnectError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String authority = Sv2KeyText.encodeAuthorityPublicKey(
                Secp256k1.xOnlyPublicKey(Secp256k1.generateSecretKey(new SecureRandom())));

        int exit = run(port, authority);

        assertThat(exit).isEqualTo(1);
        assertThat(report().get("reason").asString()).startsWith("connect: cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void badUsageExitsWithTwoAndExplains() throws Exception {
        PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(TestMinerMain.run(List.of("--shares", "5"), stdout, stderr)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--authority-pubkey is required");
        assertThat(TestMinerMain.run(List.of("--authority-pubkey", "not-a-key"), stdout, stderr))
                .isEqualTo(2);
        assertThat(TestMinerMain.run(List.of("--interval-secs", "-1"), stdout, stderr))
                .isEqualTo(2);
        assertThat(TestMinerMain.run(List.of("--help"), stdout, stderr)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: test-miner");
    }
}
