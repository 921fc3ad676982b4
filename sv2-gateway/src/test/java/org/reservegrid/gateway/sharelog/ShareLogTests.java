package org.reservegrid.gateway.sharelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reservegrid.testkit.Await;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The share log on a real directory: line format, durability callbacks, rotation and crash recovery. */
class ShareLogTests {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private static ShareRecord record(long nonce, String user) {
        return new ShareRecord(
                1_700_000_000_000L,
                3,
                user,
                2,
                nonce,
                nonce,
                1_700_000_000L,
                0x20000000L,
                1.5,
                "00000000ab",
                false,
                900,
                12);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void eachShareIsOneJsonLineWithASequenceNumberAndSafeStrings() throws Exception {
        try (ShareLog log = new ShareLog(dir, 1 << 20, FsyncPolicy.ACK)) {
            log.open();
            assertThat(log.append(record(1, "alice.rig\"1\"\n"))).isEqualTo(1);
            assertThat(log.append(record(2, "bøb"))).isEqualTo(2);
            awaitDurable(log, 2);
        }
        List<String> lines = lines(dir.resolve("shares-000001.jsonl"));
        assertThat(lines).hasSize(2);
        JsonNode first = MAPPER.readTree(lines.get(0));
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(first.get("user").asString()).isEqualTo("alice.rig\"1\"\n");
        assertThat(first.get("channel_id").asLong()).isEqualTo(3);
        assertThat(first.get("difficulty").asDouble()).isEqualTo(1.5);
        assertThat(first.get("template").asLong()).isEqualTo(12);
        assertThat(lines.get(1)).contains("\"user\":\"b\\u00f8b\"");
        assertThat(MAPPER.readTree(lines.get(1)).get("user").asString()).isEqualTo("bøb");
    }

    @Test
    void durabilityCallbacksRunInOrderAndAtOnceForSharesAlreadyDurable() throws Exception {
        List<Long> order = new CopyOnWriteArrayList<>();
        try (ShareLog log = new ShareLog(dir, 1 << 20, FsyncPolicy.ACK)) {
            log.open();
            CountDownLatch done = new CountDownLatch(50);
            for (long i = 1; i <= 50; i++) {
                long sequence = log.append(record(i, "u"));
                log.whenDurable(sequence, Runnable::run, () -> {
                    order.add(sequence);
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).isSorted().hasSize(50);
            assertThat(log.durableSequence()).isEqualTo(50);
            List<String> ranNow = new CopyOnWriteArrayList<>();
            log.whenDurable(10, Runnable::run, () -> ranNow.add("now"));
            assertThat(ranNow).containsExactly("now");
        }
    }

    @Test
    void filesRotateBySizeAndNumberingContinuesAcrossThem() throws Exception {
        try (ShareLog log = new ShareLog(dir, 4096, FsyncPolicy.parse("interval:50"))) {
            log.open();
            for (long i = 1; i <= 60; i++) {
                log.append(record(i, "rotating"));
            }
            awaitDurable(log, 60);
            assertThat(log.files()).hasSizeGreaterThan(1);
        }
        long expected = 1;
        try (ShareLog reopened = new ShareLog(dir, 4096, FsyncPolicy.ACK)) {
            for (Path file : reopened.files()) {
                assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
                for (String line : lines(file)) {
                    assertThat(MAPPER.readTree(line).get("seq").asLong()).isEqualTo(expected++);
                }
            }
        }
        assertThat(expected).isEqualTo(61);
    }

    @Test
    void aLineTornByACrashIsCutOffAndTheSequenceContinuesFromTheLastCompleteLine() throws Exception {
        try (ShareLog log = new ShareLog(dir, 1 << 20, FsyncPolicy.ACK)) {
            log.open();
            log.append(record(1, "a"));
            log.append(record(2, "a"));
            awaitDurable(log, 2);
        }
        Path file = dir.resolve("shares-000001.jsonl");
        long intact = Files.size(file);
        Files.writeString(file, "{\"seq\":3,\"at\":17000", StandardOpenOption.APPEND);

        try (ShareLog log = new ShareLog(dir, 1 << 20, FsyncPolicy.ACK)) {
            ShareLog.Recovery recovery = log.open();
            assertThat(recovery.tornBytes()).isEqualTo(19);
            assertThat(recovery.lastSequence()).isEqualTo(2);
            assertThat(Files.size(file)).isEqualTo(intact);
            assertThat(log.append(record(3, "b"))).isEqualTo(3);
            awaitDurable(log, 3);
        }
        assertThat(lines(file)).hasSize(3);
        assertThat(MAPPER.readTree(lines(file).get(2)).get("user").asString()).isEqualTo("b");
    }

    @Test
    void closingWritesEverythingQueuedAndRefusesLaterShares() throws Exception {
        ShareLog log = new ShareLog(dir, 1 << 20, FsyncPolicy.parse("interval:60000"));
        log.open();
        for (long i = 1; i <= 100; i++) {
            log.append(record(i, "x"));
        }
        log.close();
        assertThat(lines(dir.resolve("shares-000001.jsonl"))).hasSize(100);
        assertThat(log.append(record(101, "x"))).isEqualTo(-1);
    }

    @Test
    void aDiskThatFillsUpAtRotationStopsAcknowledgementsAndLosesNothingOnceItHasRoomAgain() throws Exception {
        // Three lines fit in the first file; the fourth rotates into a file that is /dev/full (ENOSPC on every write).
        int lineBytes = ShareLines.line(1, record(1, "x")).getBytes(StandardCharsets.UTF_8).length;
        ShareLog log = new ShareLog(dir, 3L * lineBytes + 10, FsyncPolicy.ACK);
        log.open();
        Path full = dir.resolve("shares-000002.jsonl");
        Files.createSymbolicLink(full, Path.of("/dev/full"));
        try {
            for (long i = 1; i <= 3; i++) {
                assertThat(log.append(record(i, "x"))).isEqualTo(i);
            }
            awaitDurable(log, 3);
            // Share 4 is taken before the writer meets the full disk; a second append here could race the writer's
            // failure (it is refused once the failure is known), so only one share is in flight.
            assertThat(log.append(record(4, "x"))).isEqualTo(4);
            Await.until("the write into the full file fails", () -> log.failure() != null);
            assertThat(log.failure()).contains("No space left on device");
            assertThat(log.durableSequence()).isEqualTo(3);
            assertThat(log.append(record(5, "x"))).isEqualTo(-1);
            CountDownLatch fourth = new CountDownLatch(1);
            log.whenDurable(4, Runnable::run, fourth::countDown);
            assertThat(fourth.await(2 * ShareLog.RETRY_MILLIS, TimeUnit.MILLISECONDS))
                    .isFalse();
            long failures = log.ioFailures();
            Await.until("retries keep failing", () -> log.ioFailures() > failures);

            Files.delete(full);
            assertThat(fourth.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(log.failure()).isNull();
            assertThat(log.append(record(5, "x"))).isEqualTo(5);
            assertThat(log.append(record(6, "x"))).isEqualTo(6);
            awaitDurable(log, 6);
        } finally {
            log.close();
        }
        assertThat(lines(dir.resolve("shares-000001.jsonl"))).hasSize(3);
        List<String> second = lines(full);
        assertThat(second).hasSize(3);
        assertThat(second.stream().map(line -> MAPPER.readTree(line).get("seq").asLong()))
                .containsExactly(4L, 5L, 6L);
    }

    @Test
    void aDirectoryThatCannotBeCreatedStartsTheLogFailedUntilItCan() throws Exception {
        Path blocked = dir.resolve("share-log");
        Files.writeString(blocked, "a file where the directory should be");
        ShareLog log = new ShareLog(blocked, 1 << 20, FsyncPolicy.ACK);
        try {
            assertThat(log.open()).isEqualTo(ShareLog.Recovery.NONE);
            assertThat(log.failure()).contains("cannot open the share log");
            assertThat(log.append(record(1, "x"))).isEqualTo(-1);

            Files.delete(blocked);
            Await.until("the log opens once it can", () -> log.failure() == null);
            assertThat(log.append(record(1, "x"))).isEqualTo(1);
            awaitDurable(log, 1);
        } finally {
            log.close();
        }
        assertThat(lines(blocked.resolve("shares-000001.jsonl"))).hasSize(1);
    }

    @Test
    void fsyncPoliciesParseOrNameTheMistake() {
        assertThat(FsyncPolicy.parse("ack").beforeAck()).isTrue();
        assertThat(FsyncPolicy.parse("interval:250").interval().toMillis()).isEqualTo(250);
        assertThatThrownBy(() -> FsyncPolicy.parse("sometimes")).hasMessageContaining("interval:");
        assertThatThrownBy(() -> FsyncPolicy.parse("interval:0")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitDurable(ShareLog log, long sequence) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        log.whenDurable(sequence, Runnable::run, latch::countDown);
        assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
