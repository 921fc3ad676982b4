package org.reservegrid.testminer.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.mining.Targets;
import org.reservegrid.testkit.TestData;
import tools.jackson.databind.JsonNode;

class NonceGrinderTests {

    private final NonceGrinder grinder = new NonceGrinder();

    /** The derived standard-share vector (testdata/vectors/derived/sv2-standard-share.derived.json). */
    private static JsonNode shareVector() {
        return TestData.json(TestData.vector("derived/sv2-standard-share.derived.json"));
    }

    private static Work vectorWork(JsonNode vector) {
        JsonNode prevHash = vector.get("SetNewPrevHash");
        return new Work(
                1,
                vector.get("share_version (rolled within 0x1fffffe0)").asLong(),
                U256.fromHex(prevHash.get("prev_hash_raw_hex").asString()),
                U256.fromHex(vector.get("merkle_root_raw_hex (NewMiningJob.merkle_root bytes)")
                        .asString()),
                prevHash.get("min_ntime").asLong(),
                prevHash.get("nbits").asLong(),
                U256.fromHex(
                        vector.get("channel_target_le_hex (U256 on the wire)").asString()),
                0);
    }

    @Test
    void searchFindsTheVectorsAcceptedNonceWithItsHash() throws IOException {
        JsonNode vector = shareVector();
        Work work = vectorWork(vector);
        JsonNode accepted = vector.get("accepted_share");

        NonceGrinder.Result result =
                grinder.search(work, vector.get("share_ntime").asLong(), 0, 1_000);

        assertThat(result.found()).isTrue();
        assertThat(result.nonce()).isEqualTo(accepted.get("nonce").asLong());
        assertThat(result.hashes()).isEqualTo(accepted.get("nonce").asLong() + 1);
        assertThat(result.hash().toHex()).isEqualTo(accepted.get("hash_raw_hex").asString());
    }

    @Test
    void everyNonceFoundMeetsTheTargetByBlockHeaderArithmetic() throws IOException {
        Work work = vectorWork(shareVector());
        long ntime = work.minNtime() + 7;
        long start = 0;
        for (int found = 0; found < 5; found++) {
            NonceGrinder.Result result = grinder.search(work, ntime, start, 100_000);

            assertThat(result.found()).isTrue();
            U256 hash = work.header(ntime, result.nonce()).hash();
            assertThat(hash).isEqualTo(result.hash());
            assertThat(Targets.meets(hash, work.target())).isTrue();
            start = result.nonce() + 1;
        }
    }

    @Test
    void aTargetOfZeroIsNeverMetAndEveryAttemptIsCounted() throws IOException {
        Work easy = vectorWork(shareVector());
        Work impossible = new Work(
                easy.jobId(),
                easy.version(),
                easy.prevHash(),
                easy.merkleRoot(),
                easy.minNtime(),
                easy.nbits(),
                U256.ZERO,
                0);

        NonceGrinder.Result result = grinder.search(impossible, easy.minNtime(), 0xFFFF_FFF0L, 300);

        assertThat(result.found()).isFalse();
        assertThat(result.hashes()).isEqualTo(300);
    }

    @Test
    void theHashComparisonIsLittleEndianAndInclusive() {
        byte[] target = new byte[32];
        target[31] = 0x10;
        byte[] hash = new byte[32];
        hash[31] = 0x10;
        assertThat(NonceGrinder.atMost(hash, target)).isTrue();
        hash[0] = 1;
        assertThat(NonceGrinder.atMost(hash, target)).isFalse();
        hash[31] = 0x0f;
        hash[0] = (byte) 0xff;
        assertThat(NonceGrinder.atMost(hash, target)).isTrue();
    }
}
