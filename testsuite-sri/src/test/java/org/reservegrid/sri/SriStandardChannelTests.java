package org.reservegrid.sri;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.testkit.stub.StubPool;

/**
 * The reference implementation's mining messages ({@code mining_sv2}) against sv2-protocol's: {@code sri-client
 * standard-channel} opens a standard channel on a pool built from sv2-protocol's Noise responder and codecs
 * (test-miner's stub pool), grinds shares with the reference header layout, and checks the reference error codes
 * of deliberately bad shares.
 */
class SriStandardChannelTests {

    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    private SriPeers peers;

    @BeforeEach
    void buildPeers() {
        peers = SriPeers.require();
    }

    private PeerProcess standardChannel(StubPool pool, String... options) {
        List<String> command = new ArrayList<>(List.of(
                peers.client().toString(),
                "standard-channel",
                "--port",
                String.valueOf(pool.port()),
                "--authority-pubkey",
                pool.authorityPublicKey(),
                "--timeout-secs",
                "20"));
        command.addAll(List.of(options));
        return PeerProcess.start(command);
    }

    @Test
    void sharesGroundByTheReferenceMinerAreAcceptedAndBadSharesGetTheReferenceCodes() throws Exception {
        try (StubPool pool = StubPool.builder().targetForSharesPerMinute(60).start();
                PeerProcess client = standardChannel(pool, "--shares", "3", "--hashrate", "1000")) {

            assertThat(client.awaitExit(PEER_TIMEOUT)).as(client.transcript()).isZero();

            List<String> lines = client.stdoutLines();
            assertThat(lines).as(client.transcript()).anyMatch(line -> line.startsWith("CHANNEL_OPEN channel_id=1 "));
            assertThat(lines)
                    .filteredOn(line -> line.startsWith("SHARE_ACCEPTED"))
                    .hasSize(3);
            assertThat(lines)
                    .contains(
                            "SHARE_REJECTED seq=4 kind=unknown-job error_code=invalid-job-id",
                            "SHARE_REJECTED seq=5 kind=low-difficulty error_code=difficulty-too-low",
                            "SHARE_REJECTED seq=6 kind=duplicate error_code=duplicate-share")
                    .endsWith("DONE");
            assertThat(pool.judged())
                    .extracting(StubPool.Judged::outcome)
                    .containsExactly(
                            "accepted",
                            "accepted",
                            "accepted",
                            "invalid-job-id",
                            "difficulty-too-low",
                            "duplicate-share");
        }
    }

    @Test
    void afterANewChainTipTheOldJobIsStaleForTheReferenceMinerToo() throws Exception {
        // Like regtest, where every share is a block: each accepted share moves the pool to a new chain tip.
        try (StubPool pool = StubPool.builder().newBlockOnEveryAcceptedShare().start();
                PeerProcess client =
                        standardChannel(pool, "--shares", "2", "--bad-shares", "stale,duplicate,unknown-job")) {

            assertThat(client.awaitExit(PEER_TIMEOUT)).as(client.transcript()).isZero();

            List<String> lines = client.stdoutLines();
            assertThat(lines).as(client.transcript()).anyMatch(line -> line.startsWith("NEW_PREV_HASH job_id=2 "));
            assertThat(lines)
                    .anyMatch(line -> line.matches("SHARE_REJECTED seq=\\d+ kind=stale error_code=stale-share"))
                    .anyMatch(line -> line.matches("SHARE_REJECTED seq=\\d+ kind=duplicate error_code=stale-share"))
                    .anyMatch(
                            line -> line.matches("SHARE_REJECTED seq=\\d+ kind=unknown-job error_code=invalid-job-id"))
                    .endsWith("DONE");
            assertThat(pool.judged())
                    .extracting(StubPool.Judged::outcome)
                    .filteredOn("accepted"::equals)
                    .hasSize(2);
        }
    }
}
