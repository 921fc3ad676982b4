package org.reservegrid.sv2.mining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.reservegrid.bitcoin.DoubleSha256;
import org.reservegrid.sv2.binary.U256;
import org.reservegrid.sv2.crypto.TestVectors;
import org.reservegrid.sv2.message.NewMiningJob;
import org.reservegrid.sv2.message.SetNewPrevHash;
import org.reservegrid.sv2.message.SubmitSharesStandard;
import tools.jackson.databind.JsonNode;

/** The standard-channel share of {@code derived/sv2-standard-share.derived.json}, used verbatim. */
class StandardShareVectorTests {

    private static final JsonNode VECTOR = TestVectors.json("derived/sv2-standard-share.derived.json");
    private static final HexFormat HEX = HexFormat.of();

    private static String text(String field) {
        return VECTOR.get(field).asString();
    }

    private static U256 bigEndian(String hex) {
        return U256.fromBigInteger(new BigInteger(hex, 16));
    }

    private static List<U256> merklePath() {
        List<U256> path = new ArrayList<>();
        for (JsonNode node : VECTOR.get("merkle_path_raw_hex")) {
            path.add(U256.fromHex(node.asString()));
        }
        return path;
    }

    private static U256 merkleRoot() {
        return U256.fromHex(text("merkle_root_raw_hex (NewMiningJob.merkle_root bytes)"));
    }

    private static BlockHeader shareHeader(long nonce) {
        JsonNode tip = VECTOR.get("SetNewPrevHash");
        SetNewPrevHash setNewPrevHash = new SetNewPrevHash(
                1,
                1,
                U256.fromHex(tip.get("prev_hash_raw_hex").asString()),
                tip.get("min_ntime").asLong(),
                tip.get("nbits").asLong());
        NewMiningJob job = new NewMiningJob(
                1,
                1,
                OptionalLong.empty(),
                VECTOR.get("NewMiningJob").get("version").asLong(),
                merkleRoot());
        SubmitSharesStandard share = new SubmitSharesStandard(
                1,
                0,
                1,
                nonce,
                VECTOR.get("share_ntime").asLong(),
                VECTOR.get("share_version (rolled within 0x1fffffe0)").asLong());
        return BlockHeader.forStandardShare(setNewPrevHash, job, share);
    }

    @Test
    void coinbaseSplitAroundTheExtranoncePrefixIsTheWholeCoinbase() {
        byte[] coinbase = HEX.parseHex(text("coinbase_non_witness_hex"));

        assertThat(DoubleSha256.hash(coinbase)).isEqualTo(HEX.parseHex(text("coinbase_txid_raw_hex")));
        assertThat(MerkleRoots.fromCoinbase(coinbase, List.of()).toHex()).isEqualTo(text("coinbase_txid_raw_hex"));
    }

    @Test
    void standardJobMerkleRootFoldsTheCoinbaseTxidWithThePath() {
        U256 root = MerkleRoots.forStandardJob(
                HEX.parseHex(text("coinbase_tx_prefix_hex")),
                HEX.parseHex(text("extranonce_prefix_hex")),
                HEX.parseHex(text("coinbase_tx_suffix_hex")),
                merklePath());

        assertThat(root).isEqualTo(merkleRoot());
    }

    @Test
    void acceptedShareBuildsTheDocumentedHeaderAndHash() {
        JsonNode accepted = VECTOR.get("accepted_share");

        BlockHeader header = shareHeader(accepted.get("nonce").asLong());

        assertThat(HEX.formatHex(header.toBytes()))
                .isEqualTo(accepted.get("header_hex").asString());
        assertThat(header.hash().toHex()).isEqualTo(accepted.get("hash_raw_hex").asString());
        assertThat(BlockHeader.read(Unpooled.wrappedBuffer(header.toBytes()))).isEqualTo(header);
    }

    @Test
    void acceptedShareMeetsTheChannelTargetButNotTheNetworkTarget() {
        JsonNode accepted = VECTOR.get("accepted_share");
        U256 channelTarget = U256.fromHex(text("channel_target_le_hex (U256 on the wire)"));
        U256 networkTarget =
                Targets.fromCompact(VECTOR.get("SetNewPrevHash").get("nbits").asLong());

        U256 hash = shareHeader(accepted.get("nonce").asLong()).hash();

        assertThat(channelTarget).isEqualTo(bigEndian(text("channel_target_be_hex")));
        assertThat(networkTarget).isEqualTo(bigEndian(text("network_target_be_hex")));
        assertThat(Targets.meets(hash, channelTarget))
                .isEqualTo(accepted.get("meets_channel_target").asBoolean());
        assertThat(Targets.meets(hash, networkTarget))
                .isEqualTo(accepted.get("meets_network_target").asBoolean());
    }

    @Test
    void rejectedShareIsAboveTheChannelTarget() {
        JsonNode rejected = VECTOR.get("rejected_share_difficulty_too_low");
        U256 channelTarget = U256.fromHex(text("channel_target_le_hex (U256 on the wire)"));

        BlockHeader header = shareHeader(rejected.get("nonce").asLong());

        assertThat(HEX.formatHex(header.toBytes()))
                .isEqualTo(rejected.get("header_hex").asString());
        assertThat(header.hash().toHex()).isEqualTo(rejected.get("hash_raw_hex").asString());
        assertThat(Targets.meets(header.hash(), channelTarget)).isFalse();
    }

    @Test
    void compactTargetsExpandAsBitcoinDefinesThem() {
        assertThat(Targets.fromCompact(0x1d00ffffL)).isEqualTo(Targets.DIFFICULTY_1);
        assertThat(Targets.fromCompact(0x207fffffL).toBigInteger())
                .isEqualTo(BigInteger.valueOf(0x7fffff).shiftLeft(8 * 29)); // regtest
        assertThat(Targets.fromCompact(0x03123456L).toBigInteger()).isEqualTo(BigInteger.valueOf(0x123456));
        assertThat(Targets.fromCompact(0x02123456L).toBigInteger()).isEqualTo(BigInteger.valueOf(0x1234));
        assertThatThrownBy(() -> Targets.fromCompact(0x04923456L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Targets.fromCompact(0xff123456L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void difficultyIsDifficultyOneOverTheTarget() {
        assertThat(Targets.difficulty(Targets.DIFFICULTY_1)).isEqualTo(1.0);
        assertThat(Targets.difficulty(
                        U256.fromBigInteger(Targets.DIFFICULTY_1.toBigInteger().shiftRight(10))))
                .isEqualTo(1024.0);
        assertThat(Targets.difficulty(U256.MAX)).isLessThan(1.0);
        assertThat(Targets.difficulty(U256.ZERO)).isInfinite();
    }
}
